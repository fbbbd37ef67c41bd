import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import {
  ALERT_METRICS,
  ALERT_METRIC_ENUM,
  ALERT_OPERATORS,
  ALERT_OPERATOR_ENUM,
  ALERT_SEVERITIES,
  ALERT_SEVERITY_ENUM,
  type AlertMetric,
  type AlertOperator,
  type AlertSeverity,
} from '../alert-values';

/** One rule: when `metric operator threshold` holds for a stored prediction, open an alert. */
export class AlertRuleInputDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 100,
    description: 'Unique (ignoring case) within the set; a rule keeps its id and alerts by name.',
    example: 'Low attendance',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({ ...ALERT_METRIC_ENUM, example: 'attendance' })
  @IsIn(ALERT_METRICS, { message: `metric must be one of ${ALERT_METRICS.join(', ')}` })
  metric!: AlertMetric;

  @ApiProperty({ ...ALERT_OPERATOR_ENUM, example: 'lt' })
  @IsIn(ALERT_OPERATORS, { message: `operator must be one of ${ALERT_OPERATORS.join(', ')}` })
  operator!: AlertOperator;

  @ApiProperty({
    description:
      'Compared with the metric: 0–100 for predicted_score, attendance and previous_scores, 0–60 for hours_studied, and for risk_level the rank 1 (low), 2 (medium) or 3 (high).',
    example: 70,
  })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'threshold must be a number' })
  threshold!: number;

  @ApiProperty({ ...ALERT_SEVERITY_ENUM, example: 'medium' })
  @IsIn(ALERT_SEVERITIES, { message: `severity must be one of ${ALERT_SEVERITIES.join(', ')}` })
  severity!: AlertSeverity;

  @ApiPropertyOptional({ default: true, description: 'Disabled rules open no alerts.' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
