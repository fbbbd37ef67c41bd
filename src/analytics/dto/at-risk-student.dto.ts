import { ApiProperty } from '@nestjs/swagger';
import { type RiskLevelName } from '../risk-levels';
import { RISK_LEVEL_ENUM } from '../../predictions/dto/api-enums';

/** A matching student with their latest stored prediction. */
export class AtRiskStudentDto {
  @ApiProperty({ example: 'STU0042' })
  student_id!: string;

  @ApiProperty({ example: 'Ada' })
  first_name!: string;

  @ApiProperty({ example: 'Lovelace' })
  last_name!: string;

  @ApiProperty({ example: 57.84 })
  predicted_score!: number;

  @ApiProperty({ ...RISK_LEVEL_ENUM, example: 'high' })
  risk_level!: RiskLevelName;

  @ApiProperty({ description: 'Calibrated confidence of that prediction, 0–1.', example: 0.82 })
  confidence_level!: number;

  @ApiProperty({ type: String, format: 'date-time', example: '2025-09-15T10:30:00.000Z' })
  prediction_date!: string;

  @ApiProperty({ example: 'rf-2025-09-01' })
  model_version!: string;

  @ApiProperty({ description: 'The student’s open alerts.', example: 1 })
  open_alerts!: number;
}
