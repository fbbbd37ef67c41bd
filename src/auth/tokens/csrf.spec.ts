import { createHmac, randomBytes } from 'node:crypto';
import { CsrfTokens } from './csrf';
import { randomToken, safeEqual, sha256Hex } from './opaque-token';

describe('CSRF tokens (signed double submit)', () => {
  const key = randomBytes(32);
  const csrf = new CsrfTokens(key);
  const refresh = `${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}.${'a'.repeat(43)}.${'b'.repeat(43)}`;
  const otherRefresh = refresh.replace('a'.repeat(43), 'c'.repeat(43));

  it('passes when the header equals the cookie and both are signed for the refresh token', () => {
    const token = csrf.issue(refresh);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
    expect(csrf.isValid(refresh, token, token)).toBe(true);
    expect(csrf.issue(refresh)).not.toBe(token);
  });

  it('refuses a token signed for another refresh token, or with another key', () => {
    const token = csrf.issue(refresh);
    expect(csrf.isValid(otherRefresh, token, token)).toBe(false);
    const foreign = new CsrfTokens(randomBytes(32)).issue(refresh);
    expect(csrf.isValid(refresh, foreign, foreign)).toBe(false);
  });

  it('refuses a header that differs from the cookie, and missing or malformed values', () => {
    const token = csrf.issue(refresh);
    const another = csrf.issue(refresh);
    expect(csrf.isValid(refresh, token, another)).toBe(false);
    expect(csrf.isValid(refresh, token, undefined)).toBe(false);
    expect(csrf.isValid(refresh, undefined, token)).toBe(false);
    expect(csrf.isValid(refresh, token, [token])).toBe(false);
    expect(csrf.isValid(refresh, '', '')).toBe(false);
    const unsigned = randomToken(32);
    expect(csrf.isValid(refresh, unsigned, unsigned)).toBe(false);
    const [nonce, mac] = token.split('.');
    const swapped = `${randomToken(32)}.${mac}`;
    expect(csrf.isValid(refresh, swapped, swapped)).toBe(false);
    const longer = `${nonce}.${mac}A`;
    expect(csrf.isValid(refresh, longer, longer)).toBe(false);
  });

  it('signs the refresh token and the nonce with HMAC-SHA256 under its key', () => {
    const nonce = randomToken(32);
    const mac = createHmac('sha256', key).update(`${refresh}|${nonce}`).digest('base64url');
    expect(csrf.isValid(refresh, `${nonce}.${mac}`, `${nonce}.${mac}`)).toBe(true);
  });
});

describe('opaque token helpers', () => {
  it('make URL-safe random tokens of the requested strength', () => {
    expect(randomToken(32)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken(16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(randomToken()).not.toBe(randomToken());
  });

  it('hash with SHA-256 and compare in constant time', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(safeEqual('same', 'same')).toBe(true);
    expect(safeEqual('same', 'diff')).toBe(false);
    expect(safeEqual('same', 'longer')).toBe(false);
  });
});
