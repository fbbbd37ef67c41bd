import { randomToken, safeEqual } from './opaque-token';

export const CSRF_COOKIE = 'csrf_token';
export const CSRF_HEADER = 'x-csrf-token';

export function newCsrfToken(): string {
  return randomToken(32);
}

/**
 * Double-submit check for requests that authenticate with the refresh cookie: the
 * `x-csrf-token` header must equal the readable CSRF cookie. Another site can make the browser
 * send the cookies but can neither read them nor set the header.
 */
export function isCsrfValid(cookieValue: unknown, headerValue: unknown): boolean {
  if (typeof cookieValue !== 'string' || typeof headerValue !== 'string') return false;
  if (cookieValue.length < 32 || cookieValue.length > 128) return false;
  return safeEqual(cookieValue, headerValue);
}
