import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DemoAccountsService } from '../../src/users/demo-accounts.service';
import {
  bearer,
  createUserAndLogin,
  LoggedInUser,
  strongPassword,
  uniqueEmail,
} from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';

describe('Users administration (/api/users)', () => {
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

  function create(body: Record<string, unknown>) {
    return http().post('/api/users').set(bearer(admin.accessToken)).send(body);
  }

  it('creates users of any role, verified or not, with a Location', async () => {
    const email = uniqueEmail('created');
    const res = await create({
      email,
      password: strongPassword(),
      first_name: 'Grace',
      last_name: 'Hopper',
      role: 'administrator',
      email_verified: true,
    });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/api/users/${res.body.id}`);
    expect(res.body).toMatchObject({
      email,
      role: 'administrator',
      email_verified: true,
      is_active: true,
    });
    const rows = await app
      .get(DataSource)
      .query('SELECT 1 FROM administrators WHERE user_id = $1', [res.body.id]);
    expect(rows).toHaveLength(1);

    const got = await http().get(res.headers.location).set(bearer(admin.accessToken));
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);

    const unverified = await create({
      email: uniqueEmail('unverified'),
      password: strongPassword(),
      first_name: 'U',
      last_name: 'V',
    });
    expect(unverified.status).toBe(201);
    expect(unverified.body).toMatchObject({ role: 'student', email_verified: false });

    const dup = await create({
      email,
      password: strongPassword(),
      first_name: 'G',
      last_name: 'H',
    });
    expect(dup.status).toBe(409);
    const extra = await create({
      email: uniqueEmail('extra'),
      password: strongPassword(),
      first_name: 'E',
      last_name: 'X',
      password_hash: 'x',
    });
    expect(extra.status).toBe(400);
  });

  it('lists with role and search filters, pagination and an allow-listed sort', async () => {
    const tag = `zq${Date.now().toString(36)}`;
    for (const [i, role] of (['teacher', 'teacher', 'student'] as const).entries()) {
      await create({
        email: uniqueEmail(`${tag}-${i}`),
        password: strongPassword(),
        first_name: `${tag}${i}`,
        last_name: 'Listed',
        role,
      });
    }
    const teachers = await http()
      .get('/api/users')
      .query({ search: tag, role: 'teacher', sort: '-first_name', per_page: 1 })
      .set(bearer(admin.accessToken));
    expect(teachers.status).toBe(200);
    const query = `search=${tag}&role=teacher&sort=-first_name&per_page=1`;
    expect(teachers.body.meta).toEqual({
      page: 1,
      per_page: 1,
      total: 2,
      total_pages: 2,
      links: {
        self: `/api/users?${query}&page=1`,
        first: `/api/users?${query}&page=1`,
        next: `/api/users?${query}&page=2`,
        last: `/api/users?${query}&page=2`,
      },
    });
    expect(teachers.body.data[0].first_name).toBe(`${tag}1`);
    const page2 = await http()
      .get('/api/users')
      .query({ search: tag, role: 'teacher', sort: '-first_name', per_page: 1, page: 2 })
      .set(bearer(admin.accessToken));
    expect(page2.body.data[0].first_name).toBe(`${tag}0`);
    const past = await http()
      .get('/api/users')
      .query({ search: tag, role: 'teacher', per_page: 1, page: 3 })
      .set(bearer(admin.accessToken));
    expect(past.status).toBe(200);
    expect(past.body.data).toEqual([]);
    expect(past.body.meta).toMatchObject({ page: 3, total: 2, total_pages: 2 });

    const all = await http()
      .get('/api/users')
      .query({ search: tag.toUpperCase() })
      .set(bearer(admin.accessToken));
    expect(all.body.meta.total).toBe(3);

    for (const query of [
      { sort: 'password_hash' },
      { per_page: 101 },
      { role: 'root' },
      { is_active: 'maybe' },
    ]) {
      const bad = await http().get('/api/users').query(query).set(bearer(admin.accessToken));
      expect(bad.status).toBe(400);
    }
  });

  it('PATCH changes names, role and active state only; a role change ends sessions and creates the profile row', async () => {
    const user = await createUserAndLogin(app, { role: 'student' });
    for (const body of [
      { email: 'new@example.com' },
      { email_verified: false },
      { id: admin.user.id },
      { password: 'x' },
    ]) {
      const res = await http()
        .patch(`/api/users/${user.user.id}`)
        .set(bearer(admin.accessToken))
        .send(body);
      expect(res.status).toBe(400);
    }
    const renamed = await http()
      .patch(`/api/users/${user.user.id}`)
      .set(bearer(admin.accessToken))
      .send({ first_name: 'Renamed' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.first_name).toBe('Renamed');
    // A rename leaves the session alone.
    expect((await http().get('/api/auth/me').set(bearer(user.accessToken))).status).toBe(200);

    const promoted = await http()
      .patch(`/api/users/${user.user.id}`)
      .set(bearer(admin.accessToken))
      .send({ role: 'teacher' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('teacher');
    expect((await http().get('/api/auth/me').set(bearer(user.accessToken))).status).toBe(401);
    expect(
      (await http().post('/api/auth/refresh').send({ refresh_token: user.refreshToken })).status,
    ).toBe(401);
    const rows = await app
      .get(DataSource)
      .query('SELECT 1 FROM teachers WHERE user_id = $1', [user.user.id]);
    expect(rows).toHaveLength(1);

    const relogin = await http()
      .post('/api/auth/login')
      .send({ email: user.user.email, password: user.password });
    expect(relogin.body.user.role).toBe('teacher');
    // The new role is in force: a teacher may not administer users.
    expect((await http().get('/api/users').set(bearer(relogin.body.access_token))).status).toBe(
      403,
    );

    const deactivated = await http()
      .patch(`/api/users/${user.user.id}`)
      .set(bearer(admin.accessToken))
      .send({ is_active: false });
    expect(deactivated.body.is_active).toBe(false);
    expect((await http().get('/api/auth/me').set(bearer(relogin.body.access_token))).status).toBe(
      401,
    );
    const back = await http()
      .patch(`/api/users/${user.user.id}`)
      .set(bearer(admin.accessToken))
      .send({ is_active: true });
    expect(back.body.is_active).toBe(true);
  });

  it('DELETE deactivates (idempotent); unknown ids are 404', async () => {
    const user = await createUserAndLogin(app, { role: 'student' });
    expect(
      (await http().delete(`/api/users/${user.user.id}`).set(bearer(admin.accessToken))).status,
    ).toBe(204);
    expect(
      (await http().delete(`/api/users/${user.user.id}`).set(bearer(admin.accessToken))).status,
    ).toBe(204);
    const got = await http().get(`/api/users/${user.user.id}`).set(bearer(admin.accessToken));
    expect(got.body.is_active).toBe(false);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
      expect((await http().get(`/api/users/${id}`).set(bearer(admin.accessToken))).status).toBe(
        404,
      );
      expect(
        (await http().patch(`/api/users/${id}`).set(bearer(admin.accessToken)).send({})).status,
      ).toBe(404);
      expect((await http().delete(`/api/users/${id}`).set(bearer(admin.accessToken))).status).toBe(
        404,
      );
    }
  });

  it('DemoAccountsService.ensure creates the demo accounts once, verified, with profile rows; they can log in', async () => {
    const demoAccounts = app.get(DemoAccountsService);
    const dataSource = app.get(DataSource);
    // Other test files may have seeded them already: the call is idempotent either way.
    const first = await demoAccounts.ensure();
    expect(first.map((u) => u.email).sort()).toEqual([
      'admin@school.edu',
      'student1@school.edu',
      'student2@school.edu',
      'teacher1@school.edu',
      'teacher2@school.edu',
    ]);
    const second = await demoAccounts.ensure();
    expect(second.every((u) => !u.created)).toBe(true);
    expect(second.map((u) => u.id).sort()).toEqual(first.map((u) => u.id).sort());

    for (const [email, password, role] of [
      ['admin@school.edu', 'Admin123!', 'administrator'],
      ['teacher1@school.edu', 'Teacher123!', 'teacher'],
      ['student2@school.edu', 'Student123!', 'student'],
    ]) {
      const res = await http().post('/api/auth/login').send({ email, password });
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ role, email_verified: true });
    }
    const teacherRows = await dataSource.query(
      "SELECT 1 FROM teachers t JOIN users u ON u.id = t.user_id WHERE u.email IN ('teacher1@school.edu','teacher2@school.edu')",
    );
    expect(teacherRows).toHaveLength(2);
    // The demo passwords are common: nobody else may choose them.
    const res = await http()
      .post('/api/auth/register')
      .send({
        email: uniqueEmail('copycat'),
        password: 'Admin123!',
        first_name: 'C',
        last_name: 'C',
      });
    expect(res.status).toBe(400);
  });
});
