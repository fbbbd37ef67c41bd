import { createHmac, randomBytes } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { cookieValue, createUserAndLogin, LoggedInUser } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';

/**
 * The CSRF token of the refresh cookie is signed for that cookie's session (and its current
 * refresh token): a token from another session, one an attacker makes or tosses in as a cookie,
 * or the one from before a rotation, is refused even when the header matches the cookie.
 */
describe('CSRF token bound to the session', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  function cookieHeader(refreshToken: string, csrf: string): string {
    return `refresh_token=${encodeURIComponent(refreshToken)}; csrf_token=${encodeURIComponent(csrf)}`;
  }

  /** A cookie refresh with the CSRF value given both as the cookie and as the header. */
  function refreshByCookie(refreshToken: string, csrf: string) {
    return http()
      .post('/api/auth/refresh')
      .set('Cookie', cookieHeader(refreshToken, csrf))
      .set('x-csrf-token', csrf);
  }

  function csrfOf(user: LoggedInUser): string {
    const csrf = cookieValue(user.cookies, 'csrf_token');
    if (!csrf) throw new Error('The login set no CSRF cookie');
    return csrf;
  }

  it('refuses the CSRF token of another session with the matching header (403 csrf_failed)', async () => {
    const victim = await createUserAndLogin(app, { role: 'student' });
    const attacker = await createUserAndLogin(app, { role: 'student' });
    // The attacker tosses their own, genuine CSRF token in as the victim's cookie and header.
    const tossed = await refreshByCookie(victim.refreshToken, csrfOf(attacker));
    expect(tossed.status).toBe(403);
    expect(tossed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(tossed.body.code).toBe('csrf_failed');
    // A second session of the same account is another session too.
    const second = await http()
      .post('/api/auth/login')
      .send({ email: victim.user.email, password: victim.password })
      .expect(200);
    const secondCsrf = cookieValue(
      second.headers['set-cookie'] as unknown as string[],
      'csrf_token',
    )!;
    expect((await refreshByCookie(victim.refreshToken, secondCsrf)).status).toBe(403);
    // The refusals spent nothing: the victim's own pair still works.
    expect((await refreshByCookie(victim.refreshToken, csrfOf(victim))).status).toBe(200);
  });

  it('refuses forged tokens: random, signed with another key, or with the signature of another nonce', async () => {
    const user = await createUserAndLogin(app, { role: 'teacher' });
    const genuine = csrfOf(user);
    expect(genuine).toMatch(/^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
    const [nonce, mac] = genuine.split('.');
    const otherNonce = randomBytes(32).toString('base64url');
    const otherKey = createHmac('sha256', randomBytes(32))
      .update(`${user.refreshToken}|${otherNonce}`)
      .digest('base64url');
    const forgeries = [
      randomBytes(32).toString('base64url'),
      `${otherNonce}.${otherKey}`,
      `${otherNonce}.${mac}`,
      `${nonce}.${randomBytes(32).toString('base64url')}`,
      `${nonce}.${mac}x`,
    ];
    for (const forged of forgeries) {
      const res = await refreshByCookie(user.refreshToken, forged);
      expect({ forged, status: res.status, code: res.body.code }).toEqual({
        forged,
        status: 403,
        code: 'csrf_failed',
      });
    }
    // Missing header, or a header that differs from the cookie.
    const missing = await http()
      .post('/api/auth/refresh')
      .set('Cookie', cookieHeader(user.refreshToken, genuine));
    expect(missing.status).toBe(403);
    expect(missing.body.code).toBe('csrf_failed');
    const differs = await http()
      .post('/api/auth/refresh')
      .set('Cookie', cookieHeader(user.refreshToken, forgeries[1]))
      .set('x-csrf-token', genuine);
    expect(differs.status).toBe(403);

    const ok = await refreshByCookie(user.refreshToken, genuine);
    expect(ok.status).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
  });

  it('rotates the CSRF token with the refresh token: the old one no longer fits the new cookie', async () => {
    const user = await createUserAndLogin(app, { role: 'student' });
    const first = csrfOf(user);
    const rotated = await refreshByCookie(user.refreshToken, first).expect(200);
    const cookies = rotated.headers['set-cookie'] as unknown as string[];
    const nextRefresh = cookieValue(cookies, 'refresh_token')!;
    const nextCsrf = cookieValue(cookies, 'csrf_token')!;
    expect(nextRefresh).toBe(rotated.body.refresh_token);
    expect(nextCsrf).not.toBe(first);
    const csrfCookie = cookies.find((c) => c.startsWith('csrf_token='))!;
    expect(csrfCookie).not.toMatch(/HttpOnly/i);
    expect(csrfCookie).toMatch(/Secure/i);
    expect(csrfCookie).toMatch(/SameSite=Strict/i);

    const stale = await refreshByCookie(nextRefresh, first);
    expect(stale.status).toBe(403);
    expect(stale.body.code).toBe('csrf_failed');

    // Logout by cookie is bound the same way.
    const staleLogout = await http()
      .post('/api/auth/logout')
      .set('Cookie', cookieHeader(nextRefresh, first))
      .set('x-csrf-token', first);
    expect(staleLogout.status).toBe(403);
    expect(staleLogout.body.code).toBe('csrf_failed');
    await http()
      .post('/api/auth/logout')
      .set('Cookie', cookieHeader(nextRefresh, nextCsrf))
      .set('x-csrf-token', nextCsrf)
      .expect(204);
    // The session has ended: its latest pair is of no use any more.
    expect((await refreshByCookie(nextRefresh, nextCsrf)).status).toBe(401);
  });

  it('needs no CSRF token when the refresh token is sent explicitly', async () => {
    const user = await createUserAndLogin(app, { role: 'student' });
    const res = await http()
      .post('/api/auth/refresh')
      .set('Authorization', `Bearer ${user.refreshToken}`)
      .expect(200);
    await http()
      .post('/api/auth/refresh')
      .send({ refresh_token: res.body.refresh_token as string })
      .expect(200);
  });
});
