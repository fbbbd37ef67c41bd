import { ApiProperty } from '@nestjs/swagger';

/** Something staff planned or did for the student. */
export class ExportedInterventionDto {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) alert_id!: string | null;
  @ApiProperty({ type: String, example: 'tutoring' }) type!: string;
  @ApiProperty({ type: String, example: 'Weekly maths tutoring.' }) description!: string;
  @ApiProperty({ enum: ['planned', 'in_progress', 'completed', 'cancelled'] }) status!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) due_date!: string | null;
  @ApiProperty({ type: String, nullable: true }) outcome!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) created_at!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at!: string;
}
