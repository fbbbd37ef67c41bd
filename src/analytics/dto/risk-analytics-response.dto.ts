import { ApiProperty } from '@nestjs/swagger';
import type { PageCounts } from '../../common/pagination/page';
import { PageMetaDto } from '../../common/pagination/page-meta.dto';
import { AlertSeverityCountsDto } from './alert-severity-counts.dto';
import { AtRiskStudentDto } from './at-risk-student.dto';
import { RiskCountsDto } from './risk-counts.dto';

/**
 * `GET /api/analytics/risk`: the risk distribution and open alerts of the matching students,
 * and one page of them with their latest prediction, highest risk first.
 */
export class RiskAnalyticsResponseDto {
  @ApiProperty({ description: 'Students matching the filters.', example: 6607 })
  students!: number;

  @ApiProperty({
    type: RiskCountsDto,
    description: 'Risk level of each matching student’s latest stored prediction.',
  })
  distribution!: RiskCountsDto;

  @ApiProperty({ type: AlertSeverityCountsDto })
  open_alerts!: AlertSeverityCountsDto;

  @ApiProperty({
    type: [AtRiskStudentDto],
    description:
      'Predicted students (optionally only the `risk_level`s asked for): high risk first, then medium, then low; within a level the lowest predicted score first.',
  })
  data!: AtRiskStudentDto[];

  /** Documented with its links, which are added to the response from the request. */
  @ApiProperty({ type: PageMetaDto })
  meta!: PageCounts;
}
