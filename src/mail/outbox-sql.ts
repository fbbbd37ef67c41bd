/**
 * For modules that queue mails from SQL (in the statement that makes the event): an INSERT
 * into the outbox from `select`, whose columns are, in order, kind, recipient, subject,
 * payload (jsonb for the kind's registered template, see MailTemplates) and dedupe_key (null or
 * a key that makes the mail idempotent). Usable as a data-modifying CTE.
 */
export function queueMailsSql(select: string): string {
  return `INSERT INTO mail_outbox (kind, recipient, subject, payload, dedupe_key)
  ${select}
  ON CONFLICT (dedupe_key) DO NOTHING
  RETURNING id`;
}
