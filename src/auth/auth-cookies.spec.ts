import type { Request } from 'express';
import { CsrfFailedError, InvalidRefreshTokenError } from './auth.errors';
import { refreshTokenOf, requireRefreshToken } from './auth-cookies';

function fakeRequest(headers: Record<string, string>, cookies: Record<string, string> = {}) {
  return { headers, cookies } as unknown as Request;
}

describe('refresh token sources', () => {
  const csrf = 'c'.repeat(43);

  it('prefers the body, then the Authorization header, then the cookie', () => {
    const req = fakeRequest(
      { authorization: 'Bearer from-header' },
      { refresh_token: 'from-cookie' },
    );
    expect(refreshTokenOf(req, 'from-body', { allowAuthorizationHeader: true })).toEqual({
      kind: 'explicit',
      token: 'from-body',
    });
    expect(refreshTokenOf(req, undefined, { allowAuthorizationHeader: true })).toEqual({
      kind: 'explicit',
      token: 'from-header',
    });
    expect(refreshTokenOf(req, undefined, { allowAuthorizationHeader: false })).toMatchObject({
      kind: 'cookie',
      token: 'from-cookie',
    });
  });

  it('requires the CSRF header to match the CSRF cookie when the refresh cookie is used', () => {
    const withHeader = fakeRequest(
      { 'x-csrf-token': csrf },
      { refresh_token: 'rt', csrf_token: csrf },
    );
    const source = refreshTokenOf(withHeader, undefined, { allowAuthorizationHeader: true });
    expect(requireRefreshToken(source)).toBe('rt');

    const without = fakeRequest({}, { refresh_token: 'rt', csrf_token: csrf });
    expect(() =>
      requireRefreshToken(refreshTokenOf(without, undefined, { allowAuthorizationHeader: true })),
    ).toThrow(CsrfFailedError);

    const mismatched = fakeRequest(
      { 'x-csrf-token': 'd'.repeat(43) },
      { refresh_token: 'rt', csrf_token: csrf },
    );
    expect(() =>
      requireRefreshToken(
        refreshTokenOf(mismatched, undefined, { allowAuthorizationHeader: true }),
      ),
    ).toThrow(CsrfFailedError);
  });

  it('does not need CSRF for header or body tokens, and refuses requests with none', () => {
    const req = fakeRequest({ authorization: 'Bearer rt' });
    expect(
      requireRefreshToken(refreshTokenOf(req, undefined, { allowAuthorizationHeader: true })),
    ).toBe('rt');
    expect(() =>
      requireRefreshToken(
        refreshTokenOf(fakeRequest({}), undefined, { allowAuthorizationHeader: true }),
      ),
    ).toThrow(InvalidRefreshTokenError);
  });
});
