import { defaultAlertEmailPreference } from './alert-email-preference';

/**
 * For SQL that emails new alerts: the accounts that can receive mail (active, verified) with
 * their effective alert-email preference. Columns: user_id, email, first_name, role,
 * alert_emails ('off' | 'high' | 'all').
 */
export const ALERT_EMAIL_RECIPIENTS = `(
  SELECT id AS user_id, email, first_name, role,
         COALESCE(alert_email_preference,
                  CASE WHEN role = 'student' THEN '${defaultAlertEmailPreference('student')}'
                       ELSE '${defaultAlertEmailPreference('teacher')}' END) AS alert_emails
  FROM users
  WHERE is_active AND email_verified
)`;
