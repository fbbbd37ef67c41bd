import { queueMailsSql } from '../mail/outbox-sql';
import { ALERT_EMAIL_RECIPIENTS } from '../users/alert-email-recipients-sql';

/** Alerts listed in one mail; the mail counts the rest. */
export const ALERT_MAIL_MAX_LISTED = 20;

/**
 * CTEs (to follow the `opened` CTE of ruleAlertsCtes) that email the alerts just opened, in the
 * same statement: one mail per recipient listing their alerts, to each staff member whose
 * preference asks for them (`all`, or `high` for high-severity ones) and to the student
 * concerned under the same preference. The mail is rendered by the `alert` template.
 */
export function alertMailsCtes(opened: string): string {
  return `
alert_mail_lines AS (
  SELECT u.user_id, u.email, u.first_name, o.id AS alert_id, o.severity, o.message,
         p.student_id, r.name AS rule_name,
         row_number() OVER (PARTITION BY u.user_id ORDER BY (o.severity = 'high') DESC, o.id) AS line,
         count(*) OVER (PARTITION BY u.user_id) AS total
  FROM ${opened} o
  JOIN student_profiles p ON p.id = o.student_profile_id
  JOIN alert_rules r ON r.id = o.rule_id
  JOIN ${ALERT_EMAIL_RECIPIENTS} u
    ON (u.alert_emails = 'all' OR (u.alert_emails = 'high' AND o.severity = 'high'))
   AND (u.role <> 'student' OR u.user_id = p.user_id)
),
alert_mails AS (
  ${queueMailsSql(`SELECT 'alert', email,
         CASE WHEN max(total) = 1 THEN left('New ' || min(severity) || ' alert: ' || min(rule_name), 300)
              ELSE max(total) || ' new alerts' END,
         jsonb_build_object(
           'first_name', first_name,
           'total', max(total),
           'alerts', jsonb_agg(
             jsonb_build_object('student_id', student_id, 'severity', severity,
                                'rule', rule_name, 'message', message)
             ORDER BY line) FILTER (WHERE line <= ${ALERT_MAIL_MAX_LISTED})),
         'alert:' || min(alert_id::text) || ':' || user_id
  FROM alert_mail_lines
  GROUP BY user_id, email, first_name`)}
)`;
}
