import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { apiEnumParameter } from '../../common/http/api-enum';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';
import {
  MAIL_KIND_ENUM,
  MAIL_KINDS,
  MAIL_STATUS_ENUM,
  MAIL_STATUSES,
  type MailKind,
  type MailStatus,
} from '../mail-values';

/** Filters of the outbox list; they combine with AND. */
export class ListOutboxMailsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    ...apiEnumParameter(MAIL_STATUS_ENUM),
    description: 'Only mails in this state (e.g. `failed`: given up after the last try).',
  })
  @IsOptional()
  @IsIn(MAIL_STATUSES)
  status?: MailStatus;

  @ApiPropertyOptional({ ...apiEnumParameter(MAIL_KIND_ENUM), description: 'Only this kind.' })
  @IsOptional()
  @IsIn(MAIL_KINDS)
  kind?: MailKind;
}
