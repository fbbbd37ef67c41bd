import { ApiProperty } from '@nestjs/swagger';
import { ALERT_SEVERITY_ENUM, ALERT_STATUS_ENUM } from '../../../notifications';

/** An early warning raised about the student. */
export class ExportedAlertDto {
  @ApiProperty({ example: '0c9d7b7e-3f7a-4d0e-8a59-2b8f3c1d9e20', type: String, format: 'uuid' })
  id!: string;
  @ApiProperty({
    example: '5b0f7f0e-6a0c-4d55-9b1e-1f0c2b8f4a11',
    type: String,
    format: 'uuid',
    nullable: true,
  })
  prediction_id!: string | null;
  @ApiProperty({ type: String, example: 'attendance' }) type!: string;
  @ApiProperty({ ...ALERT_SEVERITY_ENUM, example: 'high' }) severity!: string;
  @ApiProperty({ ...ALERT_STATUS_ENUM, example: 'open' }) status!: string;
  @ApiProperty({ type: String, example: 'Predicted score 58 is below 60.' }) message!: string;
  @ApiProperty({ example: null, type: String, nullable: true }) note!: string | null;
  @ApiProperty({ example: null, type: String, format: 'date-time', nullable: true })
  acknowledged_at!: string | null;
  @ApiProperty({ example: null, type: String, format: 'date-time', nullable: true }) resolved_at!:
    string | null;
  @ApiProperty({ example: '2025-09-15T10:30:00.000Z', type: String, format: 'date-time' })
  created_at!: string;
  @ApiProperty({ example: '2025-09-15T10:30:00.000Z', type: String, format: 'date-time' })
  updated_at!: string;
}
