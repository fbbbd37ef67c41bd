import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { StudentFilterDto } from '../../students/dto/student-filter.dto';
import { apiEnum, apiEnumParameter } from '../../common/http/api-enum';

export const TREND_INTERVALS = ['week', 'month', 'term'] as const;
export type TrendInterval = (typeof TREND_INTERVALS)[number];
export const TREND_INTERVAL_ENUM = apiEnum(
  'TrendInterval',
  TREND_INTERVALS,
  'ISO week or calendar month (UTC) of the recording time, or the records’ term label.',
);

const DATE_DESCRIPTION =
  'ISO 8601 date (`2025-01-31`) or date-time (`2025-01-31T12:00:00Z`). A plain date covers that whole day (UTC).';

/** `GET /api/analytics/performance-trends`: the students-list filters, the period and a range. */
export class PerformanceTrendsQueryDto extends StudentFilterDto {
  @ApiPropertyOptional({
    ...apiEnumParameter(TREND_INTERVAL_ENUM),
    description:
      'Group by ISO week or calendar month (UTC) of `recorded_at`, or by the records’ `term` label.',
    default: 'month',
    example: 'month',
  })
  @IsOptional()
  @IsIn(TREND_INTERVALS, { message: `interval must be one of: ${TREND_INTERVALS.join(', ')}` })
  interval: TrendInterval = 'month';

  @ApiPropertyOptional({
    type: String,
    description: `Only records (and predictions) from this moment on. ${DATE_DESCRIPTION}`,
    example: '2025-01-01',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or date-time' })
  from?: string;

  @ApiPropertyOptional({
    type: String,
    description: `Only records (and predictions) up to this moment (inclusive). ${DATE_DESCRIPTION}`,
    example: '2025-12-31',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or date-time' })
  to?: string;
}
