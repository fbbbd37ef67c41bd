import { queueMailsSql } from '../mail/outbox-sql';
import { ALERT_EMAIL_RECIPIENTS } from '../users/alert-email-recipients-sql';

/** Alerts listed in one mail; the mail counts the rest. */
export const ALERT_MAIL_MAX_LISTED = 20;

/**
 * A second alert mail to the same recipient in the same transaction (a batch stores its
 * predictions in several statements) is merged into the first: one mail per recipient and
 * transaction, counting every alert and listing the first ones.
 */
const MERGE_INTO_QUEUED_MAIL = `DO UPDATE SET
    payload = jsonb_build_object(
      'first_name', EXCLUDED.payload->'first_name',
      'total', (mail_outbox.payload->>'total')::int + (EXCLUDED.payload->>'total')::int,
      'alerts', (
        SELECT jsonb_agg(a.value ORDER BY a.n)
        FROM jsonb_array_elements(
               coalesce(mail_outbox.payload->'alerts', '[]') || coalesce(EXCLUDED.payload->'alerts', '[]')
             ) WITH ORDINALITY AS a(value, n)
        WHERE a.n <= ${ALERT_MAIL_MAX_LISTED})),
    subject = ((mail_outbox.payload->>'total')::int + (EXCLUDED.payload->>'total')::int) || ' new alerts',
    updated_at = now()
  WHERE mail_outbox.status = 'pending'`;

/**
 * CTEs (to follow the `opened` CTE of ruleAlertsCtes) that email the alerts just opened, in the
 * same statement: one mail per recipient (and transaction) listing their alerts, to each staff
 * member whose preference asks for them (`all`, or `high` for high-severity ones) and to the
 * student concerned under the same preference. The mail is rendered by the `alert` template.
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
  ${queueMailsSql(
    `SELECT 'alert', email,
         CASE WHEN max(total) = 1 THEN left('New ' || min(severity) || ' alert: ' || min(rule_name), 300)
              ELSE max(total) || ' new alerts' END,
         jsonb_build_object(
           'first_name', first_name,
           'total', max(total),
           'alerts', jsonb_agg(
             jsonb_build_object('student_id', student_id, 'severity', severity,
                                'rule', rule_name, 'message', message)
             ORDER BY line) FILTER (WHERE line <= ${ALERT_MAIL_MAX_LISTED})),
         'alert:' || txid_current() || ':' || user_id
  FROM alert_mail_lines
  GROUP BY user_id, email, first_name`,
    MERGE_INTO_QUEUED_MAIL,
  )}
)`;
}
