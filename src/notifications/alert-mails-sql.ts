import { queueMailsSql } from '../mail/outbox-sql';
import { STUDENT_PROFILES } from '../students/student-profiles-sql';
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
 * The alerts are numbered once, high-severity first, so a staff member's mail takes the first
 * lines of the list (never more than it shows) and counts the rest: the work grows with
 * recipients plus alerts, not with their product.
 */
export function alertMailsCtes(opened: string): string {
  const listed = ALERT_MAIL_MAX_LISTED;
  return `
alert_mail_lines AS (
  SELECT o.severity, o.message, p.student_id, p.user_id AS student_user_id, r.name AS rule_name,
         row_number() OVER (ORDER BY (o.severity = 'high') DESC, o.id) AS line,
         o.id::text AS alert_key
  FROM ${opened} o
  JOIN ${STUDENT_PROFILES} p ON p.id = o.student_profile_id
  JOIN alert_rules r ON r.id = o.rule_id
),
alert_mail_counts AS (
  SELECT count(*) AS all_alerts, count(*) FILTER (WHERE severity = 'high') AS high_alerts
  FROM alert_mail_lines
),
alert_mail_recipients AS (
  SELECT u.user_id, u.email, u.first_name, u.role, u.alert_emails
  FROM ${ALERT_EMAIL_RECIPIENTS} u
  WHERE u.alert_emails <> 'off'
),
alert_mail_items AS (
  SELECT u.user_id, u.email, u.first_name, l.*,
         CASE u.alert_emails WHEN 'all' THEN c.all_alerts ELSE c.high_alerts END AS total
  FROM alert_mail_recipients u
  CROSS JOIN alert_mail_counts c
  JOIN alert_mail_lines l
    ON l.line <= ${listed} AND (u.alert_emails = 'all' OR l.severity = 'high')
  WHERE u.role <> 'student'
  UNION ALL
  SELECT u.user_id, u.email, u.first_name, l.*, count(*) OVER (PARTITION BY u.user_id) AS total
  FROM alert_mail_lines l
  JOIN alert_mail_recipients u
    ON u.user_id = l.student_user_id AND u.role = 'student'
   AND (u.alert_emails = 'all' OR l.severity = 'high')
),
alert_mails AS (
  ${queueMailsSql(
    `SELECT 'alert', email,
         CASE WHEN max(total) = 1 THEN left('New ' || min(severity) || ' alert: ' || min(rule_name), 300)
              ELSE max(total) || ' new alerts' END,
         jsonb_build_object(
           'first_name', first_name,
           'total', max(total),
           'alerts', jsonb_path_query_array(
             jsonb_agg(
               jsonb_build_object('student_id', student_id, 'severity', severity,
                                  'rule', rule_name, 'message', message)
               ORDER BY line),
             '$[0 to ${listed - 1}]')),
         'alert:' || txid_current() || ':' || user_id
  FROM alert_mail_items
  GROUP BY user_id, email, first_name`,
    MERGE_INTO_QUEUED_MAIL,
  )}
)`;
}
