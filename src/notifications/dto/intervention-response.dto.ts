import { ApiProperty } from '@nestjs/swagger';
import { INTERVENTION_STATUS_ENUM, type InterventionStatus } from '../alert-values';

/** Something staff do for a student, and its outcome. */
export class InterventionResponseDto {
  @ApiProperty({ type: String, format: 'uuid', example: '5c2e7d1a-8b3f-4e6a-9c0d-1e2f3a4b5c6d' })
  id!: string;

  @ApiProperty({ example: 'STU0001' })
  student_id!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The alert it answers, if any.',
    example: '9a7c3b8f-2f0e-4d0b-8a55-0d9a1f2e3c4b',
  })
  alert_id!: string | null;

  @ApiProperty({ example: 'tutoring' })
  type!: string;

  @ApiProperty({ example: 'Two extra maths sessions a week until the exam.' })
  description!: string;

  @ApiProperty({ ...INTERVENTION_STATUS_ENUM, example: 'planned' })
  status!: InterventionStatus;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2025-07-01' })
  due_date!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  outcome!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The staff member who created it.',
    example: '1e2f3a4b-5c6d-4e6a-9c0d-5c2e7d1a8b3f',
  })
  created_by!: string | null;

  @ApiProperty({ type: String, format: 'date-time', example: '2025-06-20T09:00:00.000Z' })
  created_at!: string;

  @ApiProperty({ type: String, format: 'date-time', example: '2025-06-20T09:00:00.000Z' })
  updated_at!: string;
}
