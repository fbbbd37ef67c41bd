import { STUDENT_PROFILES } from '../students/student-profiles-sql';
import { alertMailsCtes } from './alert-mails-sql';

/**
 * What a rule evaluation works on: one row per student, with the figures of a stored prediction
 * (null when there is none) and the factors the rule metrics read.
 */
export const RULE_SUBJECT_COLUMNS =
  'student_profile_id, prediction_id, predicted_score, risk_level, attendance, hours_studied, previous_scores';

/**
 * CTEs (to follow a `WITH ... ,` that defines `subjects` with RULE_SUBJECT_COLUMNS) that
 * evaluate every enabled alert rule against every subject in one set-based pass:
 * - `opened`: the alerts inserted, at most one unresolved alert per student and rule (the partial
 *   unique index `alerts_open_rule_key`; ON CONFLICT DO NOTHING makes concurrent evaluations
 *   safe), of the rule's severity, typed by its metric;
 * - `notified`: an `alert_opened` notification for each opened alert whose student has a
 *   linked account;
 * - `alert_mails` (see alertMailsCtes): the opened alerts emailed to the users who asked for them.
 * Data-modifying CTEs always run; the caller's final SELECT may count `opened`.
 */
export function ruleAlertsCtes(subjects: string): string {
  return `
matched AS (
  SELECT x.student_profile_id, x.prediction_id, x.predicted_score, x.risk_level,
         r.id AS rule_id, r.name, r.metric, r.operator, r.threshold, r.severity, m.value
  FROM ${subjects} x
  CROSS JOIN alert_rules r
  CROSS JOIN LATERAL (
    SELECT (CASE r.metric
      WHEN 'predicted_score' THEN x.predicted_score
      WHEN 'attendance' THEN x.attendance
      WHEN 'hours_studied' THEN x.hours_studied
      WHEN 'previous_scores' THEN x.previous_scores
      WHEN 'risk_level' THEN CASE x.risk_level WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 END
    END)::float8 AS value
  ) m
  WHERE r.enabled
    AND m.value IS NOT NULL
    AND CASE r.operator
      WHEN 'lt' THEN m.value < r.threshold
      WHEN 'lte' THEN m.value <= r.threshold
      WHEN 'gt' THEN m.value > r.threshold
      WHEN 'gte' THEN m.value >= r.threshold
      WHEN 'eq' THEN m.value = r.threshold
      ELSE false
    END
),
opened AS (
  INSERT INTO alerts (student_profile_id, prediction_id, rule_id, type, severity, status, message)
  SELECT student_profile_id, prediction_id, rule_id, metric, severity, 'open',
    CASE metric
      WHEN 'risk_level' THEN
        name || ': risk level is ' || risk_level ||
        coalesce(' (predicted exam score ' || trim_scale(round(predicted_score::numeric, 2))::text || ')', '') || '.'
      ELSE
        name || ': ' ||
        CASE metric
          WHEN 'predicted_score' THEN 'predicted exam score'
          WHEN 'attendance' THEN 'attendance'
          WHEN 'hours_studied' THEN 'weekly study hours'
          ELSE 'previous scores'
        END || ' ' || trim_scale(round(value::numeric, 2))::text || ' is ' ||
        CASE operator
          WHEN 'lt' THEN 'below'
          WHEN 'lte' THEN 'at or below'
          WHEN 'gt' THEN 'above'
          WHEN 'gte' THEN 'at or above'
          ELSE 'equal to'
        END || ' ' || trim_scale(round(threshold::numeric, 2))::text || '.'
    END
  FROM matched
  ON CONFLICT (student_profile_id, rule_id) WHERE status <> 'resolved' DO NOTHING
  RETURNING id, student_profile_id, rule_id, severity, message
),
notified AS (
  INSERT INTO notifications (user_id, type, title, message, data)
  SELECT p.user_id, 'alert_opened', left('New ' || o.severity || ' alert: ' || r.name, 200),
         o.message,
         jsonb_build_object('alert_id', o.id, 'student_id', p.student_id, 'severity', o.severity,
                            'rule_id', o.rule_id)
  FROM opened o
  JOIN ${STUDENT_PROFILES} p ON p.id = o.student_profile_id
  JOIN alert_rules r ON r.id = o.rule_id
  WHERE p.user_id IS NOT NULL
  RETURNING id
),${alertMailsCtes('opened')}`;
}
