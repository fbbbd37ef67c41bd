import { createHash } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createUserAndLogin, strongPassword, uniqueEmail } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';

describe('No response contains a password, a hash or a token hash', () => {
  let app: NestExpressApplication;
  const seen: string[] = [];

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  async function call(test: request.Test): Promise<request.Response> {
    const res = await test;
    seen.push(`${JSON.stringify(res.headers)}\n${res.text}`);
    return res;
  }

  it('across the account routes', async () => {
    const http = () => request(app.getHttpServer());
    const admin = await createUserAndLogin(app, { role: 'administrator' });
    const student = await createUserAndLogin(app, { role: 'student' });
    const password = strongPassword();
    const email = uniqueEmail('secret');

    await call(
      http().post('/api/auth/register').send({ email, password, first_name: 'S', last_name: 'T' }),
    );
    await call(
      http()
        .post('/api/auth/login')
        .send({ email: student.user.email, password: student.password }),
    );
    await call(
      http()
        .post('/api/auth/login')
        .send({ email: student.user.email, password: 'wrong password' }),
    );
    const refreshed = await call(
      http().post('/api/auth/refresh').send({ refresh_token: student.refreshToken }),
    );
    await call(http().get('/api/auth/me').set(bearer(student.accessToken)));
    await call(http().get('/api/auth/sessions').set(bearer(refreshed.body.access_token)));
    await call(http().get('/api/users').query({ per_page: 100 }).set(bearer(admin.accessToken)));
    await call(http().get(`/api/users/${student.user.id}`).set(bearer(admin.accessToken)));
    await call(
      http()
        .post('/api/users')
        .set(bearer(admin.accessToken))
        .send({ email: uniqueEmail('made'), password, first_name: 'M', last_name: 'D' }),
    );
    await call(
      http()
        .patch(`/api/users/${student.user.id}`)
        .set(bearer(admin.accessToken))
        .send({ last_name: 'X' }),
    );
    await call(
      http().get('/api/audit-logs').query({ per_page: 100 }).set(bearer(admin.accessToken)),
    );
    await call(http().post('/api/auth/forgot-password').send({ email: student.user.email }));

    const dataSource = app.get(DataSource);
    const hashes: { password_hash: string }[] = await dataSource.query(
      'SELECT password_hash FROM users WHERE id = ANY($1::uuid[])',
      [[admin.user.id, student.user.id]],
    );
    const tokenHashes: { h: string }[] = await dataSource.query(
      'SELECT refresh_token_hash AS h FROM user_sessions WHERE user_id = $1 UNION ALL SELECT token_hash FROM one_time_tokens WHERE user_id = $1',
      [student.user.id],
    );
    const forbidden = [
      ...hashes.map((h) => h.password_hash),
      ...tokenHashes.map((t) => t.h),
      createHash('sha256').update(student.refreshToken).digest('hex'),
      password,
      student.password,
    ];
    const all = seen.join('\n');
    expect(seen.length).toBeGreaterThan(10);
    expect(all).not.toMatch(/\$argon2/);
    expect(all).not.toMatch(/password_?hash|passwordHash|token_?hash|tokenHash/i);
    expect(all).not.toMatch(/"(current_|new_)?password"\s*:/);
    for (const value of forbidden) expect(all).not.toContain(value);
  });
});
