import { getTransactionHostToken } from '@nestjs-cls/transactional';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../src/common/auth/authenticated-user';
import type { MainTransactionHost } from '../../src/database/transactions';
import { StudentProfile } from '../../src/students/entities/student-profile.entity';
import { PROFILE_BY_ID } from '../../src/students/students.repository';
import { StudentsService } from '../../src/students/students.service';
import { bearer, createUserAndLogin, LoggedInUser } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';
import { createLinkedStudent, createStudent } from './student-factory';

/**
 * GET /api/students/{id} reads the profile by a prepared statement on the pool, mapped to the
 * entity by its column metadata; inside a transaction (updates, deletes, locks) the same SQL
 * text runs on the transaction's connection. Both must find the same profile, field for field,
 * as TypeORM's own mapping does, with the same scoping.
 */
describe('Student read path', () => {
  let app: NestExpressApplication;
  let students: StudentsService;
  let txHost: MainTransactionHost;
  let dataSource: DataSource;
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
    txHost = app.get(getTransactionHostToken());
    dataSource = app.get(DataSource);
    teacher = await createUserAndLogin(app, { role: 'teacher' });
    admin = await createUserAndLogin(app, { role: 'administrator' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('has one SQL text for any profile and for the caller’s own', () => {
    expect(PROFILE_BY_ID.own.text).toBe(`${PROFILE_BY_ID.any.text} AND user_id = $2`);
  });

  it('finds the same entity on the pool and in a transaction, every column included', async () => {
    const created = await createStudent(app, teacher.accessToken, { age: 17 });
    const caller = asCaller(teacher);
    const mapped = await dataSource
      .getRepository(StudentProfile)
      .findOneByOrFail({ studentId: created.student_id });
    const pooled = await students.findAccessible(caller, created.student_id.toLowerCase());
    const [inTransaction, locked] = await txHost.withTransaction(async () => [
      await students.findAccessible(caller, created.student_id),
      await students.findAccessible(caller, created.student_id, { lock: true }),
    ]);
    for (const profile of [pooled, inTransaction, locked]) {
      expect(profile).toBeInstanceOf(StudentProfile);
      expect({ ...profile }).toEqual({ ...mapped });
    }
    expect(pooled.createdAt).toBeInstanceOf(Date);
    expect(typeof pooled.hoursStudied).toBe('number');
  });

  it('locks the row it reads with lock, until the transaction ends', async () => {
    const created = await createStudent(app, teacher.accessToken);
    const tryLock = () =>
      dataSource.query('SELECT 1 FROM student_profiles WHERE student_id = $1 FOR UPDATE NOWAIT', [
        created.student_id,
      ]);
    const attempt = await txHost.withTransaction(async () => {
      await students.findAccessible(asCaller(teacher), created.student_id, { lock: true });
      return tryLock().then(
        () => 'locked by nobody',
        (error: { code?: string }) => error.code,
      );
    });
    expect(attempt).toBe('55P03');
    await expect(tryLock()).resolves.toHaveLength(1);
  });

  it('scopes a student to their own profile, on the pool and in a transaction', async () => {
    const { profile, account } = await createLinkedStudent(
      app,
      teacher.accessToken,
      admin.accessToken,
    );
    const other = await createStudent(app, teacher.accessToken);
    const caller = asCaller(account);
    const own = await students.findAccessible(caller, profile.student_id);
    expect(own.studentId).toBe(profile.student_id);
    await expect(students.findAccessible(caller, other.student_id)).rejects.toThrow(
      other.student_id,
    );
    await expect(
      txHost.withTransaction(() =>
        students.findAccessible(caller, other.student_id, { lock: true }),
      ),
    ).rejects.toThrow(other.student_id);
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
