/**
 * For modules that queue mails from SQL (in the statement that makes the event): an INSERT
 * into the outbox from `select`, whose columns are, in order, kind, recipient, subject,
 * payload (jsonb for the kind's registered template, see MailTemplates) and dedupe_key (null or
 * a key that makes the mail idempotent). `onConflict` says what a second mail with the same key
 * does: nothing by default, or e.g. `DO UPDATE SET payload = ...` (the queued row is
 * `mail_outbox`, the new one `EXCLUDED`) to merge into a mail not yet sent. Usable as a
 * data-modifying CTE.
 */
export function queueMailsSql(select: string, onConflict = 'DO NOTHING'): string {
  return `INSERT INTO mail_outbox (kind, recipient, subject, payload, dedupe_key)
  ${select}
  ON CONFLICT (dedupe_key) ${onConflict}
  RETURNING id`;
}
