import { isCsrfValid, newCsrfToken } from './csrf';
import { randomToken, safeEqual, sha256Hex } from './opaque-token';

describe('CSRF double submit', () => {
  it('passes only when the header equals the cookie', () => {
    const token = newCsrfToken();
    expect(isCsrfValid(token, token)).toBe(true);
    expect(isCsrfValid(token, newCsrfToken())).toBe(false);
    expect(isCsrfValid(token, undefined)).toBe(false);
    expect(isCsrfValid(undefined, token)).toBe(false);
    expect(isCsrfValid(token, [token])).toBe(false);
  });

  it('refuses empty or short values even when equal', () => {
    expect(isCsrfValid('', '')).toBe(false);
    expect(isCsrfValid('abc', 'abc')).toBe(false);
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
