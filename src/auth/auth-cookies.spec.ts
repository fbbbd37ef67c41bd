import type { Request } from 'express';
import { CsrfFailedError, InvalidRefreshTokenError } from './auth.errors';
import { refreshTokenOf, requireRefreshToken } from './auth-cookies';
import { CsrfTokens } from './tokens/csrf';

function fakeRequest(headers: Record<string, string>, cookies: Record<string, string> = {}) {
  return { headers, cookies } as unknown as Request;
}

describe('refresh token sources', () => {
  const signer = new CsrfTokens(Buffer.alloc(32, 7));
  const csrf = signer.issue('rt');
  const withCsrf = { csrf: signer };

  it('prefers the body, then the Authorization header, then the cookie', () => {
    const req = fakeRequest(
      { authorization: 'Bearer from-header' },
      { refresh_token: 'from-cookie' },
    );
    expect(
      refreshTokenOf(req, 'from-body', { allowAuthorizationHeader: true, ...withCsrf }),
    ).toEqual({
      kind: 'explicit',
      token: 'from-body',
    });
    expect(refreshTokenOf(req, undefined, { allowAuthorizationHeader: true, ...withCsrf })).toEqual(
      {
        kind: 'explicit',
        token: 'from-header',
      },
    );
    expect(
      refreshTokenOf(req, undefined, { allowAuthorizationHeader: false, ...withCsrf }),
    ).toMatchObject({
      kind: 'cookie',
      token: 'from-cookie',
    });
  });

  it('requires the CSRF header to match the CSRF cookie, signed for that refresh cookie', () => {
    const withHeader = fakeRequest(
      { 'x-csrf-token': csrf },
      { refresh_token: 'rt', csrf_token: csrf },
    );
    const source = refreshTokenOf(withHeader, undefined, {
      allowAuthorizationHeader: true,
      ...withCsrf,
    });
    expect(requireRefreshToken(source)).toBe('rt');

    const without = fakeRequest({}, { refresh_token: 'rt', csrf_token: csrf });
    expect(() =>
      requireRefreshToken(
        refreshTokenOf(without, undefined, { allowAuthorizationHeader: true, ...withCsrf }),
      ),
    ).toThrow(CsrfFailedError);

    const mismatched = fakeRequest(
      { 'x-csrf-token': 'd'.repeat(43) },
      { refresh_token: 'rt', csrf_token: csrf },
    );
    expect(() =>
      requireRefreshToken(
        refreshTokenOf(mismatched, undefined, { allowAuthorizationHeader: true, ...withCsrf }),
      ),
    ).toThrow(CsrfFailedError);

    const otherSession = fakeRequest(
      { 'x-csrf-token': csrf },
      { refresh_token: 'another-rt', csrf_token: csrf },
    );
    expect(() =>
      requireRefreshToken(
        refreshTokenOf(otherSession, undefined, { allowAuthorizationHeader: true, ...withCsrf }),
      ),
    ).toThrow(CsrfFailedError);
  });

  it('does not need CSRF for header or body tokens, and refuses requests with none', () => {
    const req = fakeRequest({ authorization: 'Bearer rt' });
    expect(
      requireRefreshToken(
        refreshTokenOf(req, undefined, { allowAuthorizationHeader: true, ...withCsrf }),
      ),
    ).toBe('rt');
    expect(() =>
      requireRefreshToken(
        refreshTokenOf(fakeRequest({}), undefined, { allowAuthorizationHeader: true, ...withCsrf }),
      ),
    ).toThrow(InvalidRefreshTokenError);
  });
});
