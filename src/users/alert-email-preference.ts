import type { Role } from '../common/auth/role';

/**
 * Which alerts a user is emailed about: none, high-severity ones, or all. Unset means the
 * role's default: staff get high-severity alerts, students none.
 */
export const ALERT_EMAIL_PREFERENCES = ['off', 'high', 'all'] as const;
export type AlertEmailPreference = (typeof ALERT_EMAIL_PREFERENCES)[number];

export function defaultAlertEmailPreference(role: Role): AlertEmailPreference {
  return role === 'student' ? 'off' : 'high';
}
