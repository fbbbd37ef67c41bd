import { ApiProperty } from '@nestjs/swagger';
import {
  ALERT_METRIC_ENUM,
  ALERT_OPERATOR_ENUM,
  ALERT_SEVERITY_ENUM,
  type AlertMetric,
  type AlertOperator,
  type AlertSeverity,
} from '../alert-values';

/** A stored alert rule. */
export class AlertRuleResponseDto {
  @ApiProperty({ type: String, format: 'uuid', example: '0d9a1f2e-3c4b-4d0b-9a7c-3b8f2f0e6a55' })
  id!: string;

  @ApiProperty({ example: 'Low attendance' })
  name!: string;

  @ApiProperty({ ...ALERT_METRIC_ENUM, example: 'attendance' })
  metric!: AlertMetric;

  @ApiProperty({ ...ALERT_OPERATOR_ENUM, example: 'lt' })
  operator!: AlertOperator;

  @ApiProperty({ example: 70 })
  threshold!: number;

  @ApiProperty({ ...ALERT_SEVERITY_ENUM, example: 'medium' })
  severity!: AlertSeverity;

  @ApiProperty({ example: true })
  enabled!: boolean;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The administrator who last set it (null for the shipped defaults).',
    example: null,
  })
  updated_by!: string | null;

  @ApiProperty({ type: String, format: 'date-time', example: '2025-06-20T09:00:00.000Z' })
  created_at!: string;

  @ApiProperty({ type: String, format: 'date-time', example: '2025-06-20T09:00:00.000Z' })
  updated_at!: string;
}
