import type { Request } from 'express';
import { accountKeyOf } from './rate-limit-keys';

describe('accountKeyOf', () => {
  const sid = '5b0f7f0e-6a0c-4d55-9b1e-1f0c2b8f4a11';
  const req = (body: unknown, headers: Record<string, string> = {}, cookies = {}) =>
    ({ body, headers, cookies }) as unknown as Request;

  it('keys by normalised email', () => {
    expect(accountKeyOf(req({ email: '  Jane@School.EDU ' }))).toBe('email:jane@school.edu');
  });

  it('keys refreshes by the session named in the refresh token, wherever it comes from', () => {
    expect(accountKeyOf(req({ refresh_token: `${sid}.a.b` }))).toBe(`session:${sid}`);
    expect(accountKeyOf(req({}, { authorization: `Bearer ${sid}.a.b` }))).toBe(`session:${sid}`);
    expect(accountKeyOf(req({}, {}, { refresh_token: `${sid}.a.b` }))).toBe(`session:${sid}`);
  });

  it('has no key when nothing names an account', () => {
    expect(accountKeyOf(req({}))).toBeUndefined();
    expect(
      accountKeyOf(req(undefined, { authorization: 'Bearer eyJhbGciOi.x.y' })),
    ).toBeUndefined();
  });
});
