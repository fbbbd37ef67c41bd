import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { AuthenticatedUser } from '../../src/common/auth/authenticated-user';
import { StudentsService } from '../../src/students/students.service';
import { bearer, createUserAndLogin, LoggedInUser } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';
import { createLinkedStudent, createStudent } from './student-factory';

/**
 * GET /api/students/{id} reads the profile by a prepared statement on the pool, mapped to the
 * entity by its column metadata; inside a transaction (updates, deletes) the query builder
 * still does. Both must find the same profile, field for field, with the same scoping.
 */
describe('Student read path', () => {
  let app: NestExpressApplication;
  let students: StudentsService;
  let teacher: LoggedInUser;
  let admin: LoggedInUser;

  const asCaller = (user: LoggedInUser): AuthenticatedUser => ({
    id: user.user.id,
    email: user.user.email,
    role: user.user.role,
    sessionId: 'unused',
  });

  beforeAll(async () => {
    app = await createTestApp();
    students = app.get(StudentsService);
    teacher = await createUserAndLogin(app, { role: 'teacher' });
    admin = await createUserAndLogin(app, { role: 'administrator' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('finds the same entity as the query builder, every column included', async () => {
    const created = await createStudent(app, teacher.accessToken, { age: 17 });
    const caller = asCaller(teacher);
    const lean = await students.findAccessible(caller, created.student_id);
    const built = await students.scopedProfileQuery(caller, created.student_id).getOneOrFail();
    expect(lean).toBeInstanceOf(built.constructor);
    expect({ ...lean }).toEqual({ ...built });
    expect(lean.createdAt).toBeInstanceOf(Date);
    expect(typeof lean.hoursStudied).toBe('number');
  });

  it('scopes a student to their own profile, as the query builder does', async () => {
    const { profile, account } = await createLinkedStudent(
      app,
      teacher.accessToken,
      admin.accessToken,
    );
    const other = await createStudent(app, teacher.accessToken);
    const own = await students.findAccessible(asCaller(account), profile.student_id);
    expect(own.studentId).toBe(profile.student_id);
    await expect(students.findAccessible(asCaller(account), other.student_id)).rejects.toThrow(
      other.student_id,
    );
    const res = await request(app.getHttpServer())
      .get(`/api/students/${other.student_id}`)
      .set(bearer(account.accessToken));
    expect(res.status).toBe(404);
    const mine = await request(app.getHttpServer())
      .get(`/api/students/${profile.student_id}`)
      .set(bearer(account.accessToken));
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({
      ...profile,
      user_id: account.user.id,
      updated_at: mine.body.updated_at,
    });
  });
});
