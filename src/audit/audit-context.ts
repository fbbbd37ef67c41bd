import type { Request } from 'express';
import { requestIdOf } from '../common/http/request-id';
import { RequestContext } from '../common/request-context/request-context';

/**
 * Where an audited action came from, for work outside the request that caused it (background
 * jobs, command-line tools); within a request it comes from the RequestContext.
 */
export interface AuditRequestContext {
  ip_address?: string | null;
  user_agent?: string | null;
  request_id?: string | null;
}

function isRequest(value: Request | AuditRequestContext): value is Request {
  return typeof (value as Request).headers === 'object' && (value as Request).headers !== null;
}

function clip(value: string | null | undefined, max: number): string | null {
  if (value === undefined || value === null || value === '') return null;
  return value.length > max ? value.slice(0, max) : value;
}

/**
 * IP (Express `req.ip`, which follows the configured trust-proxy setting), user agent and
 * request id, clipped to the audit columns' sizes.
 */
export function auditContextOf(
  source: Request | AuditRequestContext | RequestContext | null | undefined,
): {
  ipAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
} {
  if (!source) return { ipAddress: null, userAgent: null, requestId: null };
  if (source instanceof RequestContext) {
    return {
      ipAddress: clip(source.ipAddress, 45),
      userAgent: clip(source.userAgent, 512),
      requestId: clip(source.requestId, 128),
    };
  }
  if (isRequest(source)) {
    const agent = source.headers['user-agent'];
    return {
      ipAddress: clip(source.ip, 45),
      userAgent: clip(typeof agent === 'string' ? agent : null, 512),
      requestId: clip(requestIdOf(source), 128),
    };
  }
  return {
    ipAddress: clip(source.ip_address, 45),
    userAgent: clip(source.user_agent, 512),
    requestId: clip(source.request_id, 128),
  };
}
