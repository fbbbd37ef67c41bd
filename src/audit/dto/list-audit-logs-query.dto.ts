import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';

/** Filters of the audit log list; every filter is optional and they combine with AND. */
export class ListAuditLogsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Only actions by this user.', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actor_id?: string;

  @ApiPropertyOptional({
    description: 'Exact action (`auth.login`), or a prefix ending in `.*` (`auth.*`).',
    example: 'auth.login',
  })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  @Matches(/^[a-z0-9_.]+(\.\*)?$/, {
    message: 'action must be a dotted action name, optionally ending in .*',
  })
  action?: string;

  @ApiPropertyOptional({
    description:
      'Target type (`user`) or type and id (`user:0c9d7b7e-3f7a-4d0e-8a59-2b8f3c1d9e20`).',
    example: 'user',
  })
  @IsOptional()
  @IsString()
  @MaxLength(141)
  @Matches(/^[a-z0-9_]+(:[^\s]+)?$/, {
    message: 'target must look like type or type:id',
  })
  target?: string;

  @ApiPropertyOptional({ description: 'From this instant (inclusive), ISO 8601.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Up to this instant (exclusive), ISO 8601.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
