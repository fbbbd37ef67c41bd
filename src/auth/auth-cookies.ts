import type { CookieOptions, Request, Response } from 'express';
import { CsrfFailedError, InvalidRefreshTokenError } from './auth.errors';
import { CSRF_COOKIE, CSRF_HEADER, CsrfTokens } from './tokens/csrf';

/** HttpOnly cookie holding the refresh token, sent only to the auth routes. */
export const REFRESH_COOKIE = 'refresh_token';
export const REFRESH_COOKIE_PATH = '/api/auth';

function base(expires: Date): CookieOptions {
  return { secure: true, sameSite: 'strict', expires };
}

/**
 * Sets the refresh cookie (HttpOnly, Secure, SameSite=Strict, path /api/auth) and a new
 * readable CSRF cookie signed for that refresh token; both expire with the session.
 */
export function setAuthCookies(
  response: Response,
  csrf: CsrfTokens,
  refreshToken: string,
  expiresAt: Date,
): void {
  response.cookie(REFRESH_COOKIE, refreshToken, {
    ...base(expiresAt),
    httpOnly: true,
    path: REFRESH_COOKIE_PATH,
  });
  response.cookie(CSRF_COOKIE, csrf.issue(refreshToken), {
    ...base(expiresAt),
    httpOnly: false,
    path: '/',
  });
}

export function clearAuthCookies(response: Response): void {
  response.clearCookie(REFRESH_COOKIE, {
    secure: true,
    sameSite: 'strict',
    httpOnly: true,
    path: REFRESH_COOKIE_PATH,
  });
  response.clearCookie(CSRF_COOKIE, { secure: true, sameSite: 'strict', path: '/' });
}

export type RefreshTokenSource =
  | { kind: 'none' }
  | { kind: 'explicit'; token: string }
  | { kind: 'cookie'; token: string; csrfValid: boolean };

function cookieValue(request: Request, name: string): unknown {
  return (request.cookies as Record<string, unknown> | undefined)?.[name];
}

/**
 * Where the refresh token of a request is: the body's `refresh_token`, else
 * `Authorization: Bearer`, else the cookie (which then needs the CSRF header, signed for that
 * cookie's refresh token).
 */
export function refreshTokenOf(
  request: Request,
  bodyToken: string | undefined,
  options: { allowAuthorizationHeader: boolean; csrf: CsrfTokens },
): RefreshTokenSource {
  if (bodyToken) return { kind: 'explicit', token: bodyToken };
  const authorization = request.headers.authorization;
  if (options.allowAuthorizationHeader && typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return { kind: 'explicit', token: match[1] };
  }
  const cookie = cookieValue(request, REFRESH_COOKIE);
  if (typeof cookie === 'string' && cookie !== '') {
    return {
      kind: 'cookie',
      token: cookie,
      csrfValid: options.csrf.isValid(
        cookie,
        cookieValue(request, CSRF_COOKIE),
        request.headers[CSRF_HEADER],
      ),
    };
  }
  return { kind: 'none' };
}

/**
 * The refresh token to use, or an error: none given (401), or the cookie without the CSRF
 * header of its session (403).
 */
export function requireRefreshToken(source: RefreshTokenSource): string {
  switch (source.kind) {
    case 'none':
      throw new InvalidRefreshTokenError(
        'A refresh token is required: body refresh_token, Authorization: Bearer, or the refresh cookie.',
      );
    case 'cookie':
      if (!source.csrfValid) throw new CsrfFailedError();
      return source.token;
    case 'explicit':
      return source.token;
  }
}
