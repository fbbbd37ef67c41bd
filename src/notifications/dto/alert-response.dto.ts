import { ApiProperty } from '@nestjs/swagger';
import {
  ALERT_SEVERITY_ENUM,
  ALERT_STATUS_ENUM,
  type AlertSeverity,
  type AlertStatusValue,
} from '../alert-values';

/** An early warning about a student. */
export class AlertResponseDto {
  @ApiProperty({ type: String, format: 'uuid', example: '9a7c3b8f-2f0e-4d0b-8a55-0d9a1f2e3c4b' })
  id!: string;

  @ApiProperty({ example: 'STU0001' })
  student_id!: string;

  @ApiProperty({
    description:
      'What the alert is about: the metric of the rule that raised it (`predicted_score`, `attendance`, `hours_studied`, `previous_scores`, `risk_level`).',
    example: 'risk_level',
  })
  type!: string;

  @ApiProperty({ ...ALERT_SEVERITY_ENUM, example: 'high' })
  severity!: AlertSeverity;

  @ApiProperty({ ...ALERT_STATUS_ENUM, example: 'open' })
  status!: AlertStatusValue;

  @ApiProperty({ example: 'High-risk prediction: risk level is high (predicted exam score 55.2).' })
  message!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Spoke with the student on Monday.' })
  note!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The rule that raised it (null once the rule is removed).',
    example: '0d9a1f2e-3c4b-4d0b-9a7c-3b8f2f0e6a55',
  })
  rule_id!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'High-risk prediction' })
  rule_name!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The stored prediction that raised it.',
    example: '6f1c3a0e-3a57-4b7e-9a4e-1f2d3c4b5a69',
  })
  prediction_id!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  acknowledged_at!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  resolved_at!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The staff member who last changed its status or note.',
    example: null,
  })
  updated_by!: string | null;

  @ApiProperty({ type: String, format: 'date-time', example: '2025-06-20T09:00:00.000Z' })
  created_at!: string;

  @ApiProperty({ type: String, format: 'date-time', example: '2025-06-20T09:00:00.000Z' })
  updated_at!: string;
}
