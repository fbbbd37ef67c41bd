import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { bearer, createUserAndLogin, LoggedInUser } from './helpers/auth';
import { createTestApp } from './helpers/test-app';
import { createStudent } from './students/student-factory';

const ORIGIN = 'https://school.example.org';

describe('HTTP conventions with REQUIRE_IF_MATCH=true', () => {
  let app: NestExpressApplication;
  let teacher: LoggedInUser;
  let admin: LoggedInUser;
  const http = () => request(app.getHttpServer());
  const path = (id: string) => `/api/students/${id}`;

  beforeAll(async () => {
    app = await createTestApp({ REQUIRE_IF_MATCH: 'true', CORS_ORIGINS: ORIGIN });
    [teacher, admin] = await Promise.all([
      createUserAndLogin(app, { role: 'teacher' }),
      createUserAndLogin(app, { role: 'administrator' }),
    ]);
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 428 to PATCH, PUT and DELETE without If-Match, changing nothing', async () => {
    const student = await createStudent(app, teacher.accessToken, { hours_studied: 12 });
    const patch = await http()
      .patch(path(student.student_id))
      .set(bearer(teacher.accessToken))
      .send({ hours_studied: 40 });
    expect(patch.status).toBe(428);
    expect(patch.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(patch.body).toMatchObject({ status: 428, code: 'precondition_required' });
    const put = await http()
      .put(path(student.student_id))
      .set(bearer(teacher.accessToken))
      .send({ hours_studied: 40 });
    expect(put.status).toBe(428);
    const del = await http().delete(path(student.student_id)).set(bearer(admin.accessToken));
    expect(del.status).toBe(428);
    expect(del.body.code).toBe('precondition_required');

    const read = await http().get(path(student.student_id)).set(bearer(teacher.accessToken));
    expect(read.status).toBe(200);
    expect(read.body.hours_studied).toBe(12);
  });

  it('accepts the writes that send the current ETag as If-Match', async () => {
    const student = await createStudent(app, teacher.accessToken, { hours_studied: 12 });
    const read = await http().get(path(student.student_id)).set(bearer(teacher.accessToken));
    const patched = await http()
      .patch(path(student.student_id))
      .set(bearer(teacher.accessToken))
      .set('If-Match', read.headers.etag)
      .send({ hours_studied: 40 });
    expect(patched.status).toBe(200);
    expect(patched.body.hours_studied).toBe(40);
    await http()
      .delete(path(student.student_id))
      .set(bearer(admin.accessToken))
      .set('If-Match', patched.headers.etag)
      .expect(204);
  });

  it('answers 403 before 428 to a role the route does not allow', async () => {
    const student = await createStudent(app, teacher.accessToken);
    const stranger = await createUserAndLogin(app, { role: 'student' });
    const res = await http().delete(path(student.student_id)).set(bearer(stranger.accessToken));
    expect(res.status).toBe(403);
  });

  it('lets a browser app of an allowed origin read ETag and Link', async () => {
    const student = await createStudent(app, teacher.accessToken);
    const res = await http()
      .get(path(student.student_id))
      .set('Origin', ORIGIN)
      .set(bearer(teacher.accessToken));
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    const exposed = res.headers['access-control-expose-headers'].split(',');
    expect(exposed).toEqual(expect.arrayContaining(['etag', 'link']));
  });
});
