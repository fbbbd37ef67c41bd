import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { bearer, createUserAndLogin } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';

describe('Teacher and administrator profiles', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('lets a teacher read and edit their own profile, and an administrator any', async () => {
    const teacher = await createUserAndLogin(app, { role: 'teacher' });
    const admin = await createUserAndLogin(app, { role: 'administrator' });
    const server = app.getHttpServer();

    const mine = await request(server)
      .get('/api/teachers/me')
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(mine.body).toMatchObject({
      user_id: teacher.user.id,
      role: 'teacher',
      department: null,
    });

    const edited = await request(server)
      .patch(`/api/teachers/${teacher.user.id}`)
      .set(bearer(teacher.accessToken))
      .send({ department: 'Mathematics', specialization: 'Algebra' })
      .expect(200);
    expect(edited.body).toMatchObject({ department: 'Mathematics', specialization: 'Algebra' });

    const byAdmin = await request(server)
      .patch(`/api/teachers/${teacher.user.id}`)
      .set(bearer(admin.accessToken))
      .send({ employee_number: 'T-77', specialization: null })
      .expect(200);
    expect(byAdmin.body).toMatchObject({
      department: 'Mathematics',
      specialization: null,
      employee_number: 'T-77',
    });

    const listed = await request(server)
      .get('/api/teachers')
      .query({ search: teacher.user.email })
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(listed.body.meta.total).toBe(1);
    expect(listed.body.data[0].employee_number).toBe('T-77');

    const audit = await request(server)
      .get('/api/audit-logs')
      .query({ action: 'teacher.profile_updated', target: `user:${teacher.user.id}` })
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(audit.body.meta.total).toBeGreaterThanOrEqual(2);
  });

  it('gives a teacher 404 for another teacher’s profile and changes nothing', async () => {
    const alice = await createUserAndLogin(app, { role: 'teacher' });
    const bob = await createUserAndLogin(app, { role: 'teacher' });
    const server = app.getHttpServer();
    await request(server)
      .patch(`/api/teachers/${bob.user.id}`)
      .set(bearer(alice.accessToken))
      .send({ department: 'Hijacked' })
      .expect(404);
    const bobs = await request(server)
      .get('/api/teachers/me')
      .set(bearer(bob.accessToken))
      .expect(200);
    expect(bobs.body.department).toBeNull();
  });

  it('refuses fields that do not belong to the role, and students altogether', async () => {
    const teacher = await createUserAndLogin(app, { role: 'teacher' });
    const admin = await createUserAndLogin(app, { role: 'administrator' });
    const student = await createUserAndLogin(app, { role: 'student' });
    const server = app.getHttpServer();
    const wrong = await request(server)
      .patch(`/api/teachers/${teacher.user.id}`)
      .set(bearer(admin.accessToken))
      .send({ position: 'Principal' })
      .expect(400);
    expect(wrong.body.errors).toEqual([
      { field: 'position', message: 'position does not apply to a teacher' },
    ]);

    const adminProfile = await request(server)
      .patch(`/api/administrators/${admin.user.id}`)
      .set(bearer(admin.accessToken))
      .send({ position: 'Deputy head', department: 'Office' })
      .expect(200);
    expect(adminProfile.body).toMatchObject({
      role: 'administrator',
      position: 'Deputy head',
      department: 'Office',
    });

    await request(server).get('/api/teachers').set(bearer(student.accessToken)).expect(403);
    await request(server).get('/api/administrators').set(bearer(teacher.accessToken)).expect(403);
    await request(server)
      .patch(`/api/teachers/${teacher.user.id}`)
      .set(bearer(teacher.accessToken))
      .send({ department: 'x'.repeat(101) })
      .expect(400);
  });
});
