import { ApiProperty } from '@nestjs/swagger';

/** Error figures of predictions against actual exam scores. */
export class RegressionMetricsDto {
  @ApiProperty({ description: 'Rows evaluated.', example: 1121 })
  n!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Coefficient of determination; null when the actual scores do not vary.',
    example: 0.6592,
  })
  r2!: number | null;

  @ApiProperty({ description: 'Mean absolute error (points).', example: 0.87 })
  mae!: number;

  @ApiProperty({ description: 'Root mean squared error (points).', example: 2.2909 })
  rmse!: number;

  @ApiProperty({
    description: 'Mean of predicted − actual (positive: over-prediction).',
    example: -0.1251,
  })
  bias!: number;
}
