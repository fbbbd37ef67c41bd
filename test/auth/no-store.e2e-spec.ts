import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { bearer, createUserAndLogin, LoggedInUser } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';
import { createStudent } from '../students/student-factory';

/**
 * Responses with personal data or tokens must not be kept by a browser or a shared cache:
 * `Cache-Control: no-store` on every API response (errors included), while the public docs
 * stay cacheable.
 */
describe('Cache-Control: no-store', () => {
  let app: NestExpressApplication;
  let admin: LoggedInUser;
  let teacher: LoggedInUser;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    admin = await createUserAndLogin(app, { role: 'administrator' });
    teacher = await createUserAndLogin(app, { role: 'teacher' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('is on the token responses: login and refresh', async () => {
    const student = await createUserAndLogin(app, { role: 'student' });
    const login = await http()
      .post('/api/auth/login')
      .send({ email: student.user.email, password: student.password })
      .expect(200);
    expect(login.headers['cache-control']).toBe('no-store');
    const refresh = await http()
      .post('/api/auth/refresh')
      .send({ refresh_token: login.body.refresh_token as string })
      .expect(200);
    expect(refresh.headers['cache-control']).toBe('no-store');
    const failed = await http()
      .post('/api/auth/login')
      .send({ email: student.user.email, password: `${student.password}-wrong` })
      .expect(401);
    expect(failed.headers['cache-control']).toBe('no-store');
  });

  it('is on authenticated responses with personal data, lists and exports included', async () => {
    const profile = await createStudent(app, teacher.accessToken);
    const responses = [
      await http().get('/api/auth/me').set(bearer(teacher.accessToken)).expect(200),
      await http().get('/api/auth/sessions').set(bearer(teacher.accessToken)).expect(200),
      await http().get('/api/users').set(bearer(admin.accessToken)).expect(200),
      await http()
        .get(`/api/students/${profile.student_id}`)
        .set(bearer(teacher.accessToken))
        .expect(200),
      await http()
        .get('/api/students')
        .query({ search: profile.student_id })
        .set(bearer(teacher.accessToken))
        .expect(200),
      await http()
        .get('/api/data/export')
        .query({ format: 'csv', search: profile.student_id })
        .set(bearer(teacher.accessToken))
        .expect(200),
      await http().get('/api/audit-logs').set(bearer(admin.accessToken)).expect(200),
    ];
    for (const res of responses) {
      expect({ url: res.request.url, cacheControl: res.headers['cache-control'] }).toEqual({
        url: res.request.url,
        cacheControl: 'no-store',
      });
    }
  });

  it('is on refusals and errors too, and on the health probes', async () => {
    const unauthenticated = await http().get('/api/auth/me').expect(401);
    expect(unauthenticated.headers['cache-control']).toBe('no-store');
    const forbidden = await http().get('/api/users').set(bearer(teacher.accessToken)).expect(403);
    expect(forbidden.headers['cache-control']).toBe('no-store');
    const notFound = await http()
      .get('/api/students/NO-SUCH-STUDENT-1')
      .set(bearer(teacher.accessToken))
      .expect(404);
    expect(notFound.headers['cache-control']).toBe('no-store');
    // The probes say so in their own, longer words.
    const live = await http().get('/health/live').expect(200);
    expect(live.headers['cache-control']).toMatch(/(^|, )no-store(,|$)/);
  });

  it('is not on the public docs, which may be cached', async () => {
    const document = await http().get('/docs/openapi.json').expect(200);
    expect(document.body).toHaveProperty('openapi');
    expect(document.headers['cache-control'] ?? '').not.toMatch(/no-store/);
    const ui = await http().get('/docs/').redirects(1).expect(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    expect(ui.headers['cache-control'] ?? '').not.toMatch(/no-store/);
    const style = await http().get('/docs/swagger-ui.css').expect(200);
    expect(style.headers['content-type']).toMatch(/text\/css/);
    expect(style.headers['cache-control'] ?? '').not.toMatch(/no-store/);
  });
});
