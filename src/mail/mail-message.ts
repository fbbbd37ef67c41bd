import type { MailKind } from './mail-values';

/** A plain email: the text part is always present; html is optional. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** A mail as the templates render it: always both parts. */
export interface RenderedMail extends MailMessage {
  html: string;
}

/** A rendered mail to queue in the outbox. */
export interface QueuedMail extends RenderedMail {
  kind: MailKind;
  /** A second mail with the same key is not queued. */
  dedupeKey?: string;
}
