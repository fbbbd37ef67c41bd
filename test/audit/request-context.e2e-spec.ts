import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { bearer, createUserAndLogin, LoggedInUser } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';

/** Audit rows take who, from where and under which request id from the request context. */
describe('Request context in audit rows', () => {
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

  async function eventsAbout(userId: string, action: string) {
    const res = await http()
      .get('/api/audit-logs')
      .query({ target: `user:${userId}`, action })
      .set(bearer(admin.accessToken));
    expect(res.status).toBe(200);
    return res.body.data as Record<string, unknown>[];
  }

  it("an administrator's edit carries the caller, IP, user agent and request id", async () => {
    const teacher = await createUserAndLogin(app, { role: 'teacher' });
    const res = await http()
      .patch(`/api/users/${teacher.user.id}`)
      .set(bearer(admin.accessToken))
      .set('x-request-id', 'context-edit-1')
      .set('user-agent', 'context-test/1.0')
      .send({ first_name: 'Renamed', role: 'administrator' });
    expect(res.status).toBe(200);
    for (const action of ['user.updated', 'user.role_changed']) {
      const [row] = await eventsAbout(teacher.user.id, action);
      expect(row).toMatchObject({
        actor_id: admin.user.id,
        actor_role: 'administrator',
        request_id: 'context-edit-1',
        user_agent: 'context-test/1.0',
      });
      expect(row.ip_address).toMatch(/127\.0\.0\.1|::1/);
    }
  });

  it('a login carries its own request id, not a previous request’s', async () => {
    const student = await createUserAndLogin(app, { role: 'student' });
    await http()
      .post('/api/auth/login')
      .set('x-request-id', 'context-login-1')
      .set('user-agent', 'first-agent/1.0')
      .send({ email: student.user.email, password: student.password });
    await http()
      .post('/api/auth/login')
      .set('x-request-id', 'context-login-2')
      .set('user-agent', 'second-agent/1.0')
      .send({ email: student.user.email, password: student.password });
    const res = await http()
      .get('/api/audit-logs')
      .query({ actor_id: student.user.id, action: 'auth.login' })
      .set(bearer(admin.accessToken));
    const seen = (res.body.data as { request_id: string; user_agent: string }[])
      .filter((row) => row.request_id.startsWith('context-login-'))
      .map((row) => [row.request_id, row.user_agent])
      .sort();
    expect(seen).toEqual([
      ['context-login-1', 'first-agent/1.0'],
      ['context-login-2', 'second-agent/1.0'],
    ]);
  });
});
