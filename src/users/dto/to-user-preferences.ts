import { defaultAlertEmailPreference } from '../alert-email-preference';
import type { User } from '../entities/user.entity';
import { UserPreferencesDto } from './user-preferences.dto';

/** A user's preferences as the API returns them, with the defaults their role gets. */
export function toUserPreferences(user: User): UserPreferencesDto {
  return {
    alert_emails: user.alertEmailPreference ?? defaultAlertEmailPreference(user.role),
    alert_emails_is_default: user.alertEmailPreference === null,
  };
}
