import { apiEnum } from '../common/http/api-enum';

/** What an outbox mail is about; each kind has its own template. */
export const MAIL_KINDS = [
  'email_verification',
  'password_reset',
  'password_changed',
  'new_sign_in',
  'alert',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** pending → sending → sent, or back to pending for a retry, or failed after the last try. */
export const MAIL_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** Kinds whose body carries a one-time token. */
export const TOKEN_MAIL_KINDS: readonly MailKind[] = ['email_verification', 'password_reset'];

export const MAIL_KIND_ENUM = apiEnum('MailKind', MAIL_KINDS, 'What an outbox mail is about.');
export const MAIL_STATUS_ENUM = apiEnum(
  'MailStatus',
  MAIL_STATUSES,
  'Where an outbox mail is: pending (waiting for its next try), sending, sent, or failed (given up).',
);
