import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service';
import { bearer, createUserAndLogin, LoggedInUser, uniqueEmail } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';

describe('Audit log (/api/audit-logs)', () => {
  let app: NestExpressApplication;
  let admin: LoggedInUser;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    admin = await createUserAndLogin(app, { role: 'administrator' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('records failed logins without actor for unknown emails, and never the password', async () => {
    const ghost = uniqueEmail('ghost');
    const secret = 'my-secret-guess-123';
    await http()
      .post('/api/auth/login')
      .set('x-request-id', 'audit-trace-1')
      .send({ email: ghost, password: secret });
    const student = await createUserAndLogin(app, { role: 'student' });
    await http().post('/api/auth/login').send({ email: student.user.email, password: secret });

    const failures = await http()
      .get('/api/audit-logs')
      .query({ action: 'auth.login', per_page: 100 })
      .set(bearer(admin.accessToken));
    expect(failures.status).toBe(200);
    const anonymous = failures.body.data.find(
      (row: { request_id: string }) => row.request_id === 'audit-trace-1',
    );
    expect(anonymous).toMatchObject({
      actor_id: null,
      action: 'auth.login',
      outcome: 'failure',
      target_id: null,
      details: { reason: 'unknown_email' },
    });
    expect(anonymous.ip_address).toMatch(/127\.0\.0\.1|::1/);
    const raw = await app.get(DataSource).query('SELECT details::text AS d FROM audit_logs');
    expect(raw.map((r: { d: string }) => r.d).join('\n')).not.toContain(secret);

    const known = await http()
      .get('/api/audit-logs')
      .query({ target: `user:${student.user.id}`, action: 'auth.login' })
      .set(bearer(admin.accessToken));
    expect(known.body.data).toHaveLength(1);
    expect(known.body.data[0]).toMatchObject({
      outcome: 'failure',
      details: { reason: 'wrong_password' },
    });
  });

  it('records successful logins and the replay of a spent refresh token as a security event', async () => {
    const user = await createUserAndLogin(app, { role: 'teacher' });
    const logins = await http()
      .get('/api/audit-logs')
      .query({ actor_id: user.user.id, action: 'auth.login' })
      .set(bearer(admin.accessToken));
    expect(logins.body.data).toHaveLength(1);
    expect(logins.body.data[0]).toMatchObject({ outcome: 'success', target_type: 'session' });
    const sessionId = logins.body.data[0].target_id as string;
    expect(user.refreshToken.startsWith(`${sessionId}.`)).toBe(true);

    expect(
      (await http().post('/api/auth/refresh').send({ refresh_token: user.refreshToken })).status,
    ).toBe(200);
    expect(
      (await http().post('/api/auth/refresh').send({ refresh_token: user.refreshToken })).status,
    ).toBe(401);
    const reuse = await http()
      .get('/api/audit-logs')
      .query({ action: 'auth.refresh_token_reused', target: `session:${sessionId}` })
      .set(bearer(admin.accessToken));
    expect(reuse.body.data).toHaveLength(1);
    expect(reuse.body.data[0]).toMatchObject({
      outcome: 'failure',
      details: { user_id: user.user.id },
    });
  });

  it('filters by actor, action prefix, target and time; newest first; paginated', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    const user = await createUserAndLogin(app, { role: 'student' });
    await http()
      .patch(`/api/users/${user.user.id}`)
      .set(bearer(admin.accessToken))
      .send({ role: 'teacher' });
    const mine = await http()
      .get('/api/audit-logs')
      .query({ actor_id: admin.user.id, target: `user:${user.user.id}` })
      .set(bearer(admin.accessToken));
    expect(mine.status).toBe(200);
    expect(mine.body.data).toHaveLength(1);
    expect(mine.body.data[0]).toMatchObject({
      action: 'user.role_changed',
      actor_role: 'administrator',
      details: { from: 'student', to: 'teacher', sessions_ended: 1 },
    });

    const prefixed = await http()
      .get('/api/audit-logs')
      .query({ action: 'user.*', from: before, per_page: 100 })
      .set(bearer(admin.accessToken));
    expect(prefixed.body.data.every((r: { action: string }) => r.action.startsWith('user.'))).toBe(
      true,
    );
    const times = prefixed.body.data.map((r: { occurred_at: string }) => r.occurred_at);
    expect([...times].sort().reverse()).toEqual(times);

    const future = await http()
      .get('/api/audit-logs')
      .query({ from: new Date(Date.now() + 60_000).toISOString() })
      .set(bearer(admin.accessToken));
    expect(future.body.meta.total).toBe(0);

    for (const query of [
      { actor_id: 'nope' },
      { from: 'yesterday' },
      { from: '2025-02-01T00:00:00Z', to: '2025-01-01T00:00:00Z' },
      { target: 'bad target' },
    ]) {
      expect(
        (await http().get('/api/audit-logs').query(query).set(bearer(admin.accessToken))).status,
      ).toBe(400);
    }
  });

  it('counts every match on each page, and past the last page too', async () => {
    const user = await createUserAndLogin(app, { role: 'teacher' });
    const page = (n: number) =>
      http()
        .get('/api/audit-logs')
        .query({ actor_id: user.user.id, per_page: 1, page: n })
        .set(bearer(admin.accessToken));
    const first = await page(1);
    expect(first.status).toBe(200);
    expect(first.body.data.map((r: { action: string }) => r.action)).toEqual(['auth.login']);
    expect(first.body.meta).toMatchObject({ page: 1, per_page: 1, total: 1, total_pages: 1 });
    const past = await page(3);
    expect(past.status).toBe(200);
    expect(past.body.data).toEqual([]);
    expect(past.body.meta).toMatchObject({ page: 3, per_page: 1, total: 1, total_pages: 1 });
  });

  it('is append-only: the database refuses updates and deletes', async () => {
    await app
      .get(AuditService)
      .record({ action: 'test.append_only', details: { password: 'dropped', n: 1 } });
    const dataSource = app.get(DataSource);
    const [row] = await dataSource.query(
      "SELECT id, details FROM audit_logs WHERE action = 'test.append_only' LIMIT 1",
    );
    expect(row.details).toEqual({ n: 1 });
    await expect(
      dataSource.query('UPDATE audit_logs SET action = $2 WHERE id = $1', [row.id, 'x']),
    ).rejects.toThrow(/append-only/);
    await expect(
      dataSource.query('DELETE FROM audit_logs WHERE id = $1', [row.id]),
    ).rejects.toThrow(/append-only/);
  });
});
