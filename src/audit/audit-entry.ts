import type { Request } from 'express';
import type { AuditRequestContext } from './audit-context';

/** Who acted: a user id and the role they held at the time (none for anonymous callers). */
export interface AuditActor {
  id: string;
  role?: string | null;
}

/** One audited action, as callers hand it to `AuditService.record`. */
export interface AuditEntry {
  /**
   * The acting user; null for none (e.g. a failed login). Absent: the authenticated caller of
   * the current request, if any.
   */
  actor?: AuditActor | null;
  /** Dotted verb, e.g. `auth.login`, `user.role_changed`, `student.deleted`. */
  action: string;
  target_type?: string | null;
  target_id?: string | null;
  outcome?: 'success' | 'failure';
  /** Extra facts; never secrets (keys that look like passwords or tokens are dropped). */
  details?: Record<string, unknown>;
  /**
   * Where the action came from, for work outside the request that caused it (a background job,
   * a command-line tool); null for nowhere. Absent: the current request's context.
   */
  request?: Request | AuditRequestContext | null;
}
