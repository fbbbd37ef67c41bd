import { ApiProperty } from '@nestjs/swagger';
import { TREND_INTERVAL_ENUM, type TrendInterval } from './performance-trends-query.dto';
import { PerformancePeriodDto } from './performance-period.dto';

/** `GET /api/analytics/performance-trends`. */
export class PerformanceTrendsResponseDto {
  @ApiProperty({ ...TREND_INTERVAL_ENUM, example: 'month' })
  interval!: TrendInterval;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The `from` parameter as given (inclusive), or null.',
    example: '2025-01-01',
  })
  from!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The `to` parameter as given (inclusive; a plain date includes that whole day, UTC), or null.',
    example: '2025-12-31',
  })
  to!: string | null;

  @ApiProperty({
    type: [PerformancePeriodDto],
    description: 'Periods with records or predictions, oldest first.',
  })
  periods!: PerformancePeriodDto[];
}
