import type { AlertRule } from '../entities/alert-rule.entity';
import type { AlertMetric } from '../alert-values';
import type { AlertRuleResponseDto } from './alert-rule-response.dto';

export function toAlertRuleResponse(rule: AlertRule): AlertRuleResponseDto {
  return {
    id: rule.id,
    name: rule.name,
    metric: rule.metric as AlertMetric,
    operator: rule.operator,
    threshold: rule.threshold,
    severity: rule.severity,
    enabled: rule.enabled,
    updated_by: rule.updatedBy,
    created_at: rule.createdAt.toISOString(),
    updated_at: rule.updatedAt.toISOString(),
  };
}
