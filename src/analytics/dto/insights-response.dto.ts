import { ApiProperty } from '@nestjs/swagger';
import { InsightDto } from './insight.dto';

/** `GET /api/analytics/insights`. */
export class InsightsResponseDto {
  @ApiProperty({ description: 'Students matching the filters.', example: 6607 })
  students!: number;

  @ApiProperty({ description: 'Of those, students with a known exam score.', example: 6378 })
  with_exam_score!: number;

  @ApiProperty({
    type: [InsightDto],
    description: 'Strongest first; at most one per factor and at most `limit`.',
  })
  insights!: InsightDto[];
}
