import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ALERT_EMAIL_PREFERENCES, type AlertEmailPreference } from '../alert-email-preference';
import { ALERT_EMAIL_PREFERENCE_ENUM } from './user-preferences.dto';

/** Settings to change; those left out stay as they are. */
export class UpdateUserPreferencesDto {
  @ApiPropertyOptional({ ...ALERT_EMAIL_PREFERENCE_ENUM, example: 'all' })
  @IsOptional()
  @IsIn(ALERT_EMAIL_PREFERENCES)
  alert_emails?: AlertEmailPreference;
}
