import { ApiProperty } from '@nestjs/swagger';
import { AlertRuleResponseDto } from './alert-rule-response.dto';

/** The whole rule set, by name. */
export class AlertRulesResponseDto {
  @ApiProperty({ type: [AlertRuleResponseDto] })
  rules!: AlertRuleResponseDto[];
}
