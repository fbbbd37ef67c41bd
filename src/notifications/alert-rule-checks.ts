import type { FieldError } from '../common/errors/domain-error';
import { METRIC_RANGES, type AlertMetric } from './alert-values';

/**
 * Checks of a rule set beyond each field's own validation: names unique ignoring case, and
 * each threshold within its metric's range (risk_level: a whole rank 1–3).
 */
export function checkAlertRules(
  rules: readonly { name: string; metric: AlertMetric; threshold: number }[],
): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  rules.forEach((rule, i) => {
    const key = rule.name.trim().toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({
        field: `rules.${i}.name`,
        message: `name must be unique; rules.${first} has the same name`,
      });
    } else {
      seen.set(key, i);
    }
    const range = METRIC_RANGES[rule.metric];
    if (
      rule.threshold < range.min ||
      rule.threshold > range.max ||
      (range.integer && !Number.isInteger(rule.threshold))
    ) {
      errors.push({
        field: `rules.${i}.threshold`,
        message:
          rule.metric === 'risk_level'
            ? 'threshold for risk_level must be 1 (low), 2 (medium) or 3 (high)'
            : `threshold for ${rule.metric} must be between ${range.min} and ${range.max}`,
      });
    }
  });
  return errors;
}
