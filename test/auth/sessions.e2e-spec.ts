import { JwtService } from '@nestjs/jwt';
import { NestExpressApplication } from '@nestjs/platform-express';
import * as argon2 from 'argon2';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/app-config';
import { APP_CONFIG } from '../../src/config/app-config.token';
import { bearer, cookieValue, createUserAndLogin, LoggedInUser } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';

// Jest's default 5 s is too short for the slower flows here (argon2, SMTP, rate-limit windows).

describe('Tokens and sessions', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  async function login(user: LoggedInUser, userAgent = 'jest-agent') {
    const res = await http()
      .post('/api/auth/login')
      .set('User-Agent', userAgent)
      .send({ email: user.user.email, password: user.password });
    expect(res.status).toBe(200);
    return res;
  }

  it('logout ends the session: its access token and refresh token stop working at once', async () => {
    const student = await createUserAndLogin(app, { role: 'student' });
    expect((await http().get('/api/auth/me').set(bearer(student.accessToken))).status).toBe(200);
    const out = await http().post('/api/auth/logout').set(bearer(student.accessToken));
    expect(out.status).toBe(204);
    const me = await http().get('/api/auth/me').set(bearer(student.accessToken));
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('session_ended');
    const refresh = await http()
      .post('/api/auth/refresh')
      .send({ refresh_token: student.refreshToken });
    expect(refresh.status).toBe(401);
    // Logging out twice is harmless.
    expect((await http().post('/api/auth/logout').set(bearer(student.accessToken))).status).toBe(
      204,
    );
    expect((await http().post('/api/auth/logout')).status).toBe(401);
  });

  it('never takes a refresh token as an access token, nor the reverse', async () => {
    const teacher = await createUserAndLogin(app, { role: 'teacher' });
    const asAccess = await http().get('/api/auth/me').set(bearer(teacher.refreshToken));
    expect(asAccess.status).toBe(401);
    const asRefresh = await http().post('/api/auth/refresh').set(bearer(teacher.accessToken));
    expect(asRefresh.status).toBe(401);
    expect(asRefresh.body.code).toBe('invalid_refresh_token');
    // Neither attempt harmed the session.
    expect((await http().get('/api/auth/me').set(bearer(teacher.accessToken))).status).toBe(200);
    expect(
      (await http().post('/api/auth/refresh').send({ refresh_token: teacher.refreshToken })).status,
    ).toBe(200);
  });

  it('refuses forged, foreign, typeless and expired access tokens', async () => {
    const admin = await createUserAndLogin(app, { role: 'administrator' });
    const jwt = app.get(JwtService);
    const claims = jwt.decode<Record<string, unknown>>(admin.accessToken);
    const { iat: _iat, exp: _exp, aud: _aud, iss: _iss, jti: _jti, ...payload } = claims;
    const sign = (overrides: Record<string, unknown>, options: Record<string, unknown> = {}) =>
      jwt.sign(
        { ...payload, ...overrides },
        {
          secret: app.get<AppConfig>(APP_CONFIG).jwt.secret,
          algorithm: 'HS256',
          issuer: 'student-performance-api',
          audience: 'student-performance-clients',
          expiresIn: 60,
          ...options,
        },
      );
    // The control: the same recipe with the right values is accepted.
    expect(
      (
        await http()
          .get('/api/auth/me')
          .set(bearer(sign({})))
      ).status,
    ).toBe(200);
    const bad = [
      sign({}, { secret: 'another-secret-another-secret-another-secret' }),
      sign({}, { audience: 'someone-else' }),
      sign({}, { issuer: 'someone-else' }),
      sign({ typ: 'refresh' }),
      sign({ typ: undefined }),
      sign({}, { expiresIn: -10 }),
      sign({ sid: '00000000-0000-4000-8000-000000000000' }),
      // alg "none"
      `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
        JSON.stringify({ ...payload, exp: Math.floor(Date.now() / 1000) + 60 }),
      ).toString('base64url')}.`,
    ];
    for (const token of bad) {
      const res = await http().get('/api/auth/me').set(bearer(token));
      expect(res.status).toBe(401);
    }
  });

  it('lists own sessions with the current one marked, and ends one (another user’s is a 404)', async () => {
    const user = await createUserAndLogin(app, { role: 'student' });
    const other = await login(user, 'second-device/1.0');
    const list = await http().get('/api/auth/sessions').set(bearer(user.accessToken));
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(2);
    const current = list.body.find((s: { current: boolean }) => s.current);
    const second = list.body.find(
      (s: { user_agent: string }) => s.user_agent === 'second-device/1.0',
    );
    expect(current).toBeDefined();
    expect(second.current).toBe(false);
    expect(second.ip_address).toMatch(/127\.0\.0\.1|::1/);
    expect(Object.keys(second).sort()).toEqual(
      ['created_at', 'current', 'id', 'ip_address', 'last_used_at', 'user_agent'].sort(),
    );

    const stranger = await createUserAndLogin(app, { role: 'administrator' });
    const foreign = await http()
      .delete(`/api/auth/sessions/${second.id}`)
      .set(bearer(stranger.accessToken));
    expect(foreign.status).toBe(404);
    expect((await http().get('/api/auth/me').set(bearer(other.body.access_token))).status).toBe(
      200,
    );

    const ended = await http()
      .delete(`/api/auth/sessions/${second.id}`)
      .set(bearer(user.accessToken));
    expect(ended.status).toBe(204);
    expect((await http().get('/api/auth/me').set(bearer(other.body.access_token))).status).toBe(
      401,
    );
    expect(
      (await http().delete(`/api/auth/sessions/${second.id}`).set(bearer(user.accessToken))).status,
    ).toBe(404);
    expect(
      (await http().delete('/api/auth/sessions/not-a-uuid').set(bearer(user.accessToken))).status,
    ).toBe(404);
    const after = await http().get('/api/auth/sessions').set(bearer(user.accessToken));
    expect(after.body).toHaveLength(1);
  });

  it('two parallel refreshes with one token: exactly one succeeds', async () => {
    for (let round = 0; round < 3; round += 1) {
      const user = await createUserAndLogin(app, { role: 'student' });
      const results = await Promise.all(
        [0, 1, 2].map(() =>
          http().post('/api/auth/refresh').send({ refresh_token: user.refreshToken }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 401, 401]);
    }
  });

  it('sets the refresh token as an HttpOnly, Secure, SameSite=Strict cookie; cookie refresh needs the CSRF header', async () => {
    const user = await createUserAndLogin(app, { role: 'teacher' });
    const refreshCookie = user.cookies.find((c) => c.startsWith('refresh_token='))!;
    expect(refreshCookie).toMatch(/HttpOnly/i);
    expect(refreshCookie).toMatch(/Secure/i);
    expect(refreshCookie).toMatch(/SameSite=Strict/i);
    expect(refreshCookie).toMatch(/Path=\/api\/auth/i);
    const csrfCookie = user.cookies.find((c) => c.startsWith('csrf_token='))!;
    expect(csrfCookie).not.toMatch(/HttpOnly/i);
    expect(cookieValue(user.cookies, 'refresh_token')).toBe(user.refreshToken);
    const csrf = cookieValue(user.cookies, 'csrf_token')!;
    const cookieHeader = `refresh_token=${encodeURIComponent(user.refreshToken)}; csrf_token=${csrf}`;

    const noHeader = await http().post('/api/auth/refresh').set('Cookie', cookieHeader);
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.code).toBe('csrf_failed');
    const wrong = await http()
      .post('/api/auth/refresh')
      .set('Cookie', cookieHeader)
      .set('x-csrf-token', 'x'.repeat(43));
    expect(wrong.status).toBe(403);

    const ok = await http()
      .post('/api/auth/refresh')
      .set('Cookie', cookieHeader)
      .set('x-csrf-token', csrf);
    expect(ok.status).toBe(200);
    const cookies = ok.headers['set-cookie'] as unknown as string[];
    const nextRefresh = cookieValue(cookies, 'refresh_token')!;
    const nextCsrf = cookieValue(cookies, 'csrf_token')!;
    expect(nextRefresh).toBe(ok.body.refresh_token);

    // Logout by cookie also needs CSRF, then clears the cookies.
    const next = `refresh_token=${encodeURIComponent(nextRefresh)}; csrf_token=${nextCsrf}`;
    expect((await http().post('/api/auth/logout').set('Cookie', next)).status).toBe(403);
    const out = await http()
      .post('/api/auth/logout')
      .set('Cookie', next)
      .set('x-csrf-token', nextCsrf);
    expect(out.status).toBe(204);
    const cleared = out.headers['set-cookie'] as unknown as string[];
    expect(cleared.some((c) => /^refresh_token=;/.test(c))).toBe(true);
    expect((await http().get('/api/auth/me').set(bearer(ok.body.access_token))).status).toBe(401);
  });

  it('logout with the refresh token in the body ends that session', async () => {
    const user = await createUserAndLogin(app, { role: 'student' });
    const out = await http().post('/api/auth/logout').send({ refresh_token: user.refreshToken });
    expect(out.status).toBe(204);
    expect((await http().get('/api/auth/me').set(bearer(user.accessToken))).status).toBe(401);
    const garbage = await http().post('/api/auth/logout').send({ refresh_token: 'garbage' });
    expect(garbage.status).toBe(401);
  });

  it('change-password needs the current password and ends the other sessions only', async () => {
    const user = await createUserAndLogin(app, { role: 'student' });
    const other = await login(user);
    const wrong = await http()
      .post('/api/auth/change-password')
      .set(bearer(user.accessToken))
      .send({ current_password: 'not-my-password', new_password: 'a brand new passphrase' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('invalid_current_password');
    const weak = await http()
      .post('/api/auth/change-password')
      .set(bearer(user.accessToken))
      .send({ current_password: user.password, new_password: 'password1' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].field).toBe('new_password');

    const changed = await http()
      .post('/api/auth/change-password')
      .set(bearer(user.accessToken))
      .send({ current_password: user.password, new_password: 'a brand new passphrase' });
    expect(changed.status).toBe(204);
    expect((await http().get('/api/auth/me').set(bearer(user.accessToken))).status).toBe(200);
    expect((await http().get('/api/auth/me').set(bearer(other.body.access_token))).status).toBe(
      401,
    );
    const old = await http()
      .post('/api/auth/login')
      .send({ email: user.user.email, password: user.password });
    expect(old.status).toBe(401);
    const fresh = await http()
      .post('/api/auth/login')
      .send({ email: user.user.email, password: 'a brand new passphrase' });
    expect(fresh.status).toBe(200);
  });

  it('ends sessions at their idle timeout and at their absolute lifetime', async () => {
    const dataSource = app.get(DataSource);
    for (const column of ['idle_expires_at', 'expires_at']) {
      const user = await createUserAndLogin(app, { role: 'student' });
      const sessionId = user.refreshToken.split('.')[0];
      await dataSource.query(
        `UPDATE user_sessions SET ${column} = now() - interval '1 second' WHERE id = $1`,
        [sessionId],
      );
      expect((await http().get('/api/auth/me').set(bearer(user.accessToken))).status).toBe(401);
      const refresh = await http()
        .post('/api/auth/refresh')
        .send({ refresh_token: user.refreshToken });
      expect(refresh.status).toBe(401);
      expect(refresh.body.code).toBe('invalid_refresh_token');
    }
  });

  it('upgrades a hash made with older, weaker parameters at the next login', async () => {
    const user = await createUserAndLogin(app, { role: 'student' });
    const dataSource = app.get(DataSource);
    const weak = await argon2.hash(user.password, {
      memoryCost: 4096,
      timeCost: 1,
      parallelism: 1,
    });
    await dataSource.query('UPDATE users SET password_hash = $2 WHERE id = $1', [
      user.user.id,
      weak,
    ]);
    await login(user);
    const [row] = await dataSource.query('SELECT password_hash FROM users WHERE id = $1', [
      user.user.id,
    ]);
    expect(row.password_hash).not.toBe(weak);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    // The upgraded hash still verifies the same password.
    await login(user);
  });

  it('a deactivated user’s tokens stop working, and the user cannot log in', async () => {
    const admin = await createUserAndLogin(app, { role: 'administrator' });
    const user = await createUserAndLogin(app, { role: 'teacher' });
    const del = await http().delete(`/api/users/${user.user.id}`).set(bearer(admin.accessToken));
    expect(del.status).toBe(204);
    expect((await http().get('/api/auth/me').set(bearer(user.accessToken))).status).toBe(401);
    expect(
      (await http().post('/api/auth/refresh').send({ refresh_token: user.refreshToken })).status,
    ).toBe(401);
    const again = await http()
      .post('/api/auth/login')
      .send({ email: user.user.email, password: user.password });
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('account_disabled');
  });
});
