import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, ValidateNested } from 'class-validator';
import { AlertRuleInputDto } from './alert-rule-input.dto';

export const MAX_ALERT_RULES = 50;

/** The whole rule set; rules not in it are removed. */
export class ReplaceAlertRulesDto {
  @ApiProperty({
    type: [AlertRuleInputDto],
    maxItems: MAX_ALERT_RULES,
    description: 'Every rule of the new set (an empty list disables alerting).',
    example: [
      {
        name: 'High-risk prediction',
        metric: 'risk_level',
        operator: 'eq',
        threshold: 3,
        severity: 'high',
        enabled: true,
      },
      {
        name: 'Low attendance',
        metric: 'attendance',
        operator: 'lt',
        threshold: 70,
        severity: 'medium',
        enabled: true,
      },
    ],
  })
  @IsArray()
  @ArrayMaxSize(MAX_ALERT_RULES)
  @ValidateNested({ each: true })
  @Type(() => AlertRuleInputDto)
  rules!: AlertRuleInputDto[];
}
