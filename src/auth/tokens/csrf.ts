import { createHmac } from 'node:crypto';
import { randomToken, safeEqual } from './opaque-token';

export const CSRF_COOKIE = 'csrf_token';
export const CSRF_HEADER = 'x-csrf-token';

const CSRF_TOKEN = /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/;

/**
 * Signed double-submit CSRF tokens `<nonce>.<mac>`, bound to the refresh token they were issued
 * with: the MAC is an HMAC (a sub-key of SECRET_KEY) over that refresh token, which names its
 * session, and a 256-bit random nonce. A request that authenticates with the refresh cookie must
 * send the readable CSRF cookie's value in the `x-csrf-token` header, and that value must be
 * signed for the refresh cookie it came with. Another site can make the browser send the cookies
 * but can neither read them nor set the header; a token it plants as a cookie (cookie tossing),
 * one from another session, or the one from before the refresh token last rotated, does not fit.
 */
export class CsrfTokens {
  constructor(private readonly macKey: Buffer) {}

  /** A new token for this refresh token (a new one at every rotation). */
  issue(refreshToken: string): string {
    const nonce = randomToken(32);
    return `${nonce}.${this.mac(refreshToken, nonce)}`;
  }

  /**
   * True when the header equals the cookie and both carry a token signed for this refresh
   * token; compared in constant time, never throws on garbage input.
   */
  isValid(refreshToken: string, cookieValue: unknown, headerValue: unknown): boolean {
    if (typeof cookieValue !== 'string' || typeof headerValue !== 'string') return false;
    if (!CSRF_TOKEN.test(headerValue)) return false;
    if (!safeEqual(cookieValue, headerValue)) return false;
    const [nonce, mac] = headerValue.split('.');
    return safeEqual(mac, this.mac(refreshToken, nonce));
  }

  private mac(refreshToken: string, nonce: string): string {
    return createHmac('sha256', this.macKey).update(`${refreshToken}|${nonce}`).digest('base64url');
  }
}
