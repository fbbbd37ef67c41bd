import { ApiProperty } from '@nestjs/swagger';
import { INTERVENTION_STATUS_ENUM } from '../../../notifications';

/** Something staff planned or did for the student. */
export class ExportedInterventionDto {
  @ApiProperty({ example: '5b0f7f0e-6a0c-4d55-9b1e-1f0c2b8f4a11', type: String, format: 'uuid' })
  id!: string;
  @ApiProperty({
    example: '0c9d7b7e-3f7a-4d0e-8a59-2b8f3c1d9e20',
    type: String,
    format: 'uuid',
    nullable: true,
  })
  alert_id!: string | null;
  @ApiProperty({ type: String, example: 'tutoring' }) type!: string;
  @ApiProperty({ type: String, example: 'Weekly maths tutoring.' }) description!: string;
  @ApiProperty({ ...INTERVENTION_STATUS_ENUM, example: 'planned' }) status!: string;
  @ApiProperty({ example: '2025-10-01', type: String, format: 'date', nullable: true }) due_date!:
    string | null;
  @ApiProperty({ example: null, type: String, nullable: true }) outcome!: string | null;
  @ApiProperty({ example: '2025-09-15T10:30:00.000Z', type: String, format: 'date-time' })
  created_at!: string;
  @ApiProperty({ example: '2025-09-15T10:30:00.000Z', type: String, format: 'date-time' })
  updated_at!: string;
}
