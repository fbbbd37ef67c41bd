import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';
import {
  ALERT_SEVERITIES,
  ALERT_SEVERITY_ENUM,
  ALERT_STATUSES,
  ALERT_STATUS_ENUM,
  type AlertSeverity,
  type AlertStatusValue,
} from '../alert-values';

export const ALERT_SORT_FIELDS = ['created_at', 'updated_at', 'severity', 'status'] as const;

/** Filters and order of the alert list. */
export class ListAlertsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ ...ALERT_STATUS_ENUM, description: 'Only alerts in this status.' })
  @IsOptional()
  @IsIn(ALERT_STATUSES, { message: `status must be one of ${ALERT_STATUSES.join(', ')}` })
  status?: AlertStatusValue;

  @ApiPropertyOptional({ ...ALERT_SEVERITY_ENUM, description: 'Only alerts of this severity.' })
  @IsOptional()
  @IsIn(ALERT_SEVERITIES, { message: `severity must be one of ${ALERT_SEVERITIES.join(', ')}` })
  severity?: AlertSeverity;

  @ApiPropertyOptional({
    description: 'Only alerts about the student with this id, in any case.',
    example: 'STU0001',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  student_id?: string;

  @ApiPropertyOptional({
    description: `Sort fields, comma-separated, \`-\` prefix for descending: ${ALERT_SORT_FIELDS.join(', ')} (severity orders low < medium < high). Default \`-created_at\`.`,
    example: '-severity,-created_at',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sort?: string;
}
