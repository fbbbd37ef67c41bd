import type { AuditActor } from '../audit/audit-entry';

/** What made the automatic link happen (it is in the audit entry). */
export type AutoLinkTrigger = 'account_created' | 'email_verified' | 'login' | 'demo_accounts';

export interface AutoLinkContext {
  trigger: AutoLinkTrigger;
  /** Who caused it: the student at verification and login, the creator of the account, or none. */
  actor: AuditActor | null;
}
