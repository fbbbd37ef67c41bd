import { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import request from 'supertest';
import type { AppConfig } from '../../src/config/app-config';
import { APP_CONFIG } from '../../src/config/app-config.token';
import {
  SESSION_CACHE_TTL_MS,
  SESSION_EVENTS_APPLICATION_NAME,
} from '../../src/auth/sessions/session-events.listener';
import { bearer, createUserAndLogin, LoggedInUser, strongPassword } from '../helpers/auth';
import { unusedPort } from '../helpers/mail-catcher';
import { createTestApp } from '../helpers/test-app';
import { baseEnv, killAfter, runTs, type Child } from '../lifecycle/app-process';

/** The session id an access token names (its `sid` claim). */
function sessionIdOf(accessToken: string): string {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as {
    sid: string;
  };
  return payload.sid;
}

/**
 * Two instances on one database: A in this process, B in a child process of its own (two Nest
 * apps in one process would share Passport's one `jwt` strategy, and so one cache). B caches
 * the live sessions it has seen; every way of ending a session on A must be refused on B at
 * once, and B must stop trusting its cache the moment it cannot hear the session events.
 */
describe('Cached sessions across instances', () => {
  let a: NestExpressApplication;
  let b: Child;
  let bBase: string;
  let sql: Client;
  let admin: LoggedInUser;
  const onA = () => request(a.getHttpServer());

  /** GET /api/auth/me on B with `token`: the status and the problem code, if any. */
  async function meOnB(token: string): Promise<{ status: number; code?: string }> {
    const res = await fetch(`${bBase}/api/auth/me`, { headers: bearer(token) });
    const body = (await res.json()) as { code?: string };
    return { status: res.status, code: body.code };
  }

  /** A new teacher, logged in on A, whose session B has seen (and so cached). */
  async function teacherSeenByB(): Promise<LoggedInUser> {
    const teacher = await createUserAndLogin(a, { role: 'teacher' });
    expect((await meOnB(teacher.accessToken)).status).toBe(200);
    expect((await meOnB(teacher.accessToken)).status).toBe(200);
    return teacher;
  }

  async function expectEndedOnB(token: string): Promise<void> {
    expect(await meOnB(token)).toEqual({ status: 401, code: 'session_ended' });
  }

  /**
   * B refuses `token` within `ms`: the event of a change committed by plain SQL travels on its
   * own (PostgreSQL signals the listening connections at commit), so the test's next request
   * may overtake it by a moment. Far below the cache's TTL: only the event can explain it.
   */
  async function expectEndedOnBWithin(token: string, ms: number): Promise<void> {
    const until = Date.now() + ms;
    let answer = await meOnB(token);
    while (answer.status === 200 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      answer = await meOnB(token);
    }
    expect(answer).toEqual({ status: 401, code: 'session_ended' });
  }

  async function setSessionTrigger(enabled: boolean): Promise<void> {
    await sql.query(
      `ALTER TABLE user_sessions ${enabled ? 'ENABLE' : 'DISABLE'} TRIGGER user_sessions_session_events`,
    );
  }

  beforeAll(async () => {
    a = await createTestApp();
    sql = new Client({ connectionString: process.env.DATABASE_URL });
    await sql.connect();
    admin = await createUserAndLogin(a, { role: 'administrator' });
    const port = await unusedPort();
    bBase = `http://127.0.0.1:${port}`;
    const config = a.get<AppConfig>(APP_CONFIG);
    b = runTs(
      'src/main.ts',
      [],
      baseEnv({
        DATABASE_URL: process.env.DATABASE_URL,
        PORT: String(port),
        // A's tokens must be valid on B: the same (random) secrets.
        SECRET_KEY: config.secretKey,
        JWT_SECRET_KEY: config.jwt.secret,
      }),
    );
    killAfter(b, 170_000);
    await b.waitFor(/listening on/);
    await b.waitFor(/Listening for session events/);
  }, 120_000);

  afterAll(async () => {
    b?.process.kill('SIGKILL');
    await sql?.end();
    await a?.close();
  });

  it("B's request lines name method, route, status, duration, request id and user, no header", async () => {
    const teacher = await teacherSeenByB();
    const line = b
      .output()
      .split('\n')
      .filter((l) => l.includes('"GET /api/auth/me 200'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.user_id === teacher.user.id);
    expect(line).toMatchObject({ method: 'GET', route: '/api/auth/me', status: 200 });
    expect(typeof line?.duration_ms).toBe('number');
    expect(line?.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(line ?? {})).not.toContain('req');
    expect(b.output()).not.toContain(teacher.accessToken);
  });

  it('logout on A: refused on B at once', async () => {
    const teacher = await teacherSeenByB();
    await onA().post('/api/auth/logout').set(bearer(teacher.accessToken)).expect(204);
    await expectEndedOnB(teacher.accessToken);
  });

  it('DELETE /api/auth/sessions/{id} on A: refused on B at once', async () => {
    const teacher = await teacherSeenByB();
    await onA()
      .delete(`/api/auth/sessions/${sessionIdOf(teacher.accessToken)}`)
      .set(bearer(teacher.accessToken))
      .expect(204);
    await expectEndedOnB(teacher.accessToken);
  });

  it('password change on A: the other sessions are refused on B at once', async () => {
    const teacher = await teacherSeenByB();
    const second = await onA()
      .post('/api/auth/login')
      .send({ email: teacher.user.email, password: teacher.password })
      .expect(200);
    await onA()
      .post('/api/auth/change-password')
      .set(bearer(second.body.access_token as string))
      .send({ current_password: teacher.password, new_password: strongPassword() })
      .expect(204);
    await expectEndedOnB(teacher.accessToken);
    expect((await meOnB(second.body.access_token as string)).status).toBe(200);
  });

  it('deactivation and role change on A: refused on B at once', async () => {
    const deactivated = await teacherSeenByB();
    const user = await onA()
      .get(`/api/users/${deactivated.user.id}`)
      .set(bearer(admin.accessToken))
      .expect(200);
    await onA()
      .delete(`/api/users/${deactivated.user.id}`)
      .set(bearer(admin.accessToken))
      .set('If-Match', user.headers.etag)
      .expect(204);
    expect((await meOnB(deactivated.accessToken)).status).toBe(401);

    const demoted = await teacherSeenByB();
    const before = await onA()
      .get(`/api/users/${demoted.user.id}`)
      .set(bearer(admin.accessToken))
      .expect(200);
    await onA()
      .patch(`/api/users/${demoted.user.id}`)
      .set(bearer(admin.accessToken))
      .set('If-Match', before.headers.etag)
      .send({ role: 'student' })
      .expect(200);
    expect((await meOnB(demoted.accessToken)).status).toBe(401);
  });

  it('a change made by plain SQL is heard too (the database announces it)', async () => {
    const revoked = await teacherSeenByB();
    await sql.query(`UPDATE user_sessions SET revoked_at = now() WHERE id = $1`, [
      sessionIdOf(revoked.accessToken),
    ]);
    await expectEndedOnBWithin(revoked.accessToken, 2_000);
    const unverified = await teacherSeenByB();
    await sql.query(`UPDATE users SET email_verified = false WHERE id = $1`, [unverified.user.id]);
    await expectEndedOnBWithin(unverified.accessToken, 2_000);
  });

  it('without the event, the cache is what answers, and only for its TTL', async () => {
    const teacher = await teacherSeenByB();
    await setSessionTrigger(false);
    try {
      await sql.query(`UPDATE user_sessions SET revoked_at = now() WHERE id = $1`, [
        sessionIdOf(teacher.accessToken),
      ]);
      // A's own request reads the database; B answers from its cache.
      expect((await onA().get('/api/auth/me').set(bearer(teacher.accessToken))).status).toBe(401);
      expect((await meOnB(teacher.accessToken)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, SESSION_CACHE_TTL_MS + 500));
      await expectEndedOnB(teacher.accessToken);
    } finally {
      await setSessionTrigger(true);
    }
  }, 30_000);

  it('losing the events connection empties the cache; back, the events work again', async () => {
    const teacher = await teacherSeenByB();
    // No event will tell B of the revocation below: only the lost connection can.
    await setSessionTrigger(false);
    try {
      const lost = b.waitFor(/Session events connection lost/);
      const back = b.waitFor(/Session events connection is back/);
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = $1`,
        [SESSION_EVENTS_APPLICATION_NAME],
      );
      // A's and B's events connections.
      expect(rows[0].n).toBe(2);
      await lost;
      await sql.query(`UPDATE user_sessions SET revoked_at = now() WHERE id = $1`, [
        sessionIdOf(teacher.accessToken),
      ]);
      await expectEndedOnB(teacher.accessToken);
      await back;
    } finally {
      await setSessionTrigger(true);
    }
    const later = await teacherSeenByB();
    await onA().post('/api/auth/logout').set(bearer(later.accessToken)).expect(204);
    await expectEndedOnB(later.accessToken);
  }, 30_000);
});
