import type { Request } from 'express';
import type { AuditRequestContext } from './audit-context';

/** Who acted: a user id and the role they held at the time (none for anonymous callers). */
export interface AuditActor {
  id: string;
  role?: string | null;
}

/** One audited action, as callers hand it to `AuditService.record`. */
export interface AuditEntry {
  /** The acting user; null or absent for anonymous callers (e.g. a failed login). */
  actor?: AuditActor | null;
  /** Dotted verb, e.g. `auth.login`, `user.role_changed`, `student.deleted`. */
  action: string;
  target_type?: string | null;
  target_id?: string | null;
  outcome?: 'success' | 'failure';
  /** Extra facts; never secrets (keys that look like passwords or tokens are dropped). */
  details?: Record<string, unknown>;
  /** The HTTP request (IP, user agent, request id are read from it) or a plain context. */
  request?: Request | AuditRequestContext | null;
}
