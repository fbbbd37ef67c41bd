import { ApiProperty } from '@nestjs/swagger';

/** An early warning raised about the student. */
export class ExportedAlertDto {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) prediction_id!: string | null;
  @ApiProperty({ type: String, example: 'low_predicted_score' }) type!: string;
  @ApiProperty({ enum: ['low', 'medium', 'high'] }) severity!: string;
  @ApiProperty({ enum: ['open', 'acknowledged', 'resolved'] }) status!: string;
  @ApiProperty({ type: String, example: 'Predicted score 58 is below 60.' }) message!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acknowledged_at!:
    string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolved_at!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) created_at!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updated_at!: string;
}
