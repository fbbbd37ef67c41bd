import { ApiProperty } from '@nestjs/swagger';
import { NumericSummaryDto } from './numeric-summary.dto';
import { RiskCountsDto } from './risk-counts.dto';

/** `GET /api/analytics/overview`. */
export class AnalyticsOverviewResponseDto {
  @ApiProperty({ description: 'Students matching the filters.', example: 6607 })
  students!: number;

  @ApiProperty({ description: 'Of those, students with a known exam score.', example: 6378 })
  with_exam_score!: number;

  @ApiProperty({ description: 'The pass mark used for `passed` and `pass_rate`.', example: 65 })
  pass_mark!: number;

  @ApiProperty({ description: 'Students whose exam score is at least `pass_mark`.', example: 4985 })
  passed!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'passed / with_exam_score, 0–1 (3 decimals); null when no student has an exam score.',
    example: 0.782,
  })
  pass_rate!: number | null;

  @ApiProperty({ type: NumericSummaryDto, description: 'Exam score (0–105).' })
  exam_score!: NumericSummaryDto;

  @ApiProperty({ type: NumericSummaryDto, description: 'Attendance (%).' })
  attendance!: NumericSummaryDto;

  @ApiProperty({ type: NumericSummaryDto, description: 'Weekly hours studied.' })
  hours_studied!: NumericSummaryDto;

  @ApiProperty({
    type: RiskCountsDto,
    description: 'Risk level of each student’s latest stored prediction.',
  })
  at_risk!: RiskCountsDto;
}
