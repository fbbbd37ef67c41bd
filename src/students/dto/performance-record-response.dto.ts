import { ApiProperty } from '@nestjs/swagger';

/** One result of a student's history. */
export class PerformanceRecordResponseDto {
  @ApiProperty({ type: String, format: 'uuid', example: '6f1c3a0e-3a57-4b7e-9a4e-1f2d3c4b5a69' })
  id!: string;

  @ApiProperty({ type: String, example: 'STU0001' })
  student_id!: string;

  @ApiProperty({ type: String, format: 'date-time', example: '2025-06-20T09:00:00.000Z' })
  recorded_at!: string;

  @ApiProperty({ type: String, nullable: true, example: '2024-25 T3' })
  term!: string | null;

  @ApiProperty({ type: Number, example: 71 })
  exam_score!: number;

  @ApiProperty({ type: Number, nullable: true, example: 88 })
  attendance!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 20 })
  hours_studied!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 68 })
  previous_scores!: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'Retook after illness.' })
  notes!: string | null;

  @ApiProperty({
    example: '5b0f7f0e-6a0c-4d55-9b1e-1f0c2b8f4a11',
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The staff member who recorded it.',
  })
  created_by!: string | null;

  @ApiProperty({ type: String, format: 'date-time', example: '2025-06-21T10:00:00.000Z' })
  created_at!: string;
}
