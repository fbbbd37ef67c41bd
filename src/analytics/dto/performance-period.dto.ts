import { ApiProperty } from '@nestjs/swagger';

/** One period of the performance trend. */
export class PerformancePeriodDto {
  @ApiProperty({
    description:
      'Label: `2025-03` (month), `2025-W11` (ISO week) or the term label (`Unknown` for records without a term).',
    example: '2025-03',
  })
  period!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    description: 'Start of the period (UTC); for terms, the earliest record in it.',
    example: '2025-03-01T00:00:00.000Z',
  })
  period_start!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    description:
      'End of the period: exclusive for weeks and months; for terms, the latest record in it.',
    example: '2025-04-01T00:00:00.000Z',
  })
  period_end!: string;

  @ApiProperty({ description: 'Performance records in the period.', example: 812 })
  records!: number;

  @ApiProperty({ description: 'Distinct students with records in the period.', example: 640 })
  students!: number;

  @ApiProperty({ type: Number, nullable: true, example: 67.31 })
  mean_exam_score!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Mean over the records that give an attendance.',
    example: 80.12,
  })
  mean_attendance!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Mean over the records that give hours studied.',
    example: 19.87,
  })
  mean_hours_studied!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Predictions stored in the period for the matching students; null for terms (predictions have no term).',
    example: 230,
  })
  predictions!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Mean predicted score of those predictions.',
    example: 66.8,
  })
  mean_predicted_score!: number | null;
}
