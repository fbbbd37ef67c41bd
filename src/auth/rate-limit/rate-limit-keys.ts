import type { ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AUTH_RATE_LIMIT_KEY } from './auth-rate-limit.decorator';
import { REFRESH_COOKIE } from '../auth-cookies';

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isAuthRateLimited(context: ExecutionContext): boolean {
  return Reflect.getMetadata(AUTH_RATE_LIMIT_KEY, context.getHandler()) !== undefined;
}

/** The login route: its failures are throttled per account and client by LoginAttempts. */
export function isLogin(context: ExecutionContext): boolean {
  return Reflect.getMetadata(AUTH_RATE_LIMIT_KEY, context.getHandler()) === 'login';
}

/**
 * The account a sensitive request is about: the (normalised) email in the body, or the session
 * named by a refresh token (body, Authorization header or cookie). Undefined when none.
 */
export function accountKeyOf(request: Request): string | undefined {
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (typeof body.email === 'string' && body.email.trim() !== '') {
    return `email:${body.email.trim().toLowerCase().slice(0, 254)}`;
  }
  const candidates: unknown[] = [body.refresh_token];
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && /^bearer /i.test(authorization)) {
    candidates.push(authorization.slice(7).trim());
  }
  candidates.push((request.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE]);
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const sessionId = candidate.split('.')[0];
    if (SESSION_ID.test(sessionId)) return `session:${sessionId.toLowerCase()}`;
  }
  return undefined;
}
