import { ApiProperty } from '@nestjs/swagger';
import { apiEnum } from '../../common/http/api-enum';
import { ALERT_EMAIL_PREFERENCES, type AlertEmailPreference } from '../alert-email-preference';

export const ALERT_EMAIL_PREFERENCE_ENUM = apiEnum(
  'AlertEmailPreference',
  ALERT_EMAIL_PREFERENCES,
  'Which new alerts are emailed: none (`off`), high-severity ones (`high`) or all (`all`).',
);

/** The caller's own settings. */
export class UserPreferencesDto {
  @ApiProperty({
    ...ALERT_EMAIL_PREFERENCE_ENUM,
    example: 'high',
    description:
      'Which new alerts are emailed. Staff see every student’s alerts; students only their own. Default: `high` for teachers and administrators, `off` for students.',
  })
  alert_emails!: AlertEmailPreference;

  @ApiProperty({
    example: true,
    description: 'Whether `alert_emails` is the role’s default (never set by the user).',
  })
  alert_emails_is_default!: boolean;
}
