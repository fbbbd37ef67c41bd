import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { bearer, createUserAndLogin, LoggedInUser } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';
import { createStudent, linkStudent, studentBody, uniqueToken } from './student-factory';

describe('Students: profiles, validation, ownership', () => {
  let app: NestExpressApplication;
  let teacher: LoggedInUser;
  let admin: LoggedInUser;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    [teacher, admin] = await Promise.all([
      createUserAndLogin(app, { role: 'teacher' }),
      createUserAndLogin(app, { role: 'administrator' }),
    ]);
  });

  afterAll(async () => {
    await app.close();
  });

  describe('create and read', () => {
    it('creates a student with a generated id, a Location header and every contract field', async () => {
      const body = studentBody({ email: '  Ada.Lovelace@School.EDU ', age: 16 });
      const res = await http().post('/api/students').set(bearer(teacher.accessToken)).send(body);
      expect(res.status).toBe(201);
      expect(res.body.student_id).toMatch(/^STU\d{4,}$/);
      expect(res.headers.location).toBe(`/api/students/${res.body.student_id}`);
      expect(res.body).toEqual({
        ...body,
        student_id: res.body.student_id,
        email: 'ada.lovelace@school.edu',
        age: 16,
        user_id: null,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const read = await http()
        .get(res.headers.location)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(read.body).toEqual(res.body);
    });

    it('generates distinct ids for concurrent creations', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          http().post('/api/students').set(bearer(teacher.accessToken)).send(studentBody()),
        ),
      );
      for (const res of results) expect(res.status).toBe(201);
      const ids = new Set(results.map((res) => res.body.student_id as string));
      expect(ids.size).toBe(8);
    });

    it('keeps a given id, and answers 409 student_id_taken when it is in use', async () => {
      const id = `STU9${Date.now().toString().slice(-7)}${Math.floor(Math.random() * 10)}`;
      const created = await createStudent(app, teacher.accessToken, { student_id: id });
      expect(created.student_id).toBe(id);
      const again = await http()
        .post('/api/students')
        .set(bearer(admin.accessToken))
        .send(studentBody({ student_id: id }));
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('student_id_taken');
    });

    it('accepts unknown (null) optional factors and an exam score up to 105', async () => {
      const created = await createStudent(app, teacher.accessToken, {
        teacher_quality: null,
        parental_education_level: null,
        distance_from_home: null,
        exam_score: 105,
      });
      expect(created).toMatchObject({
        teacher_quality: null,
        parental_education_level: null,
        distance_from_home: null,
        exam_score: 105,
      });
      const { exam_score: _omitted, ...withoutScore } = studentBody();
      const unknownScore = await http()
        .post('/api/students')
        .set(bearer(teacher.accessToken))
        .send(withoutScore)
        .expect(201);
      expect(unknownScore.body.exam_score).toBeNull();
    });

    it('refuses invalid fields with a 400 naming each field, and creates nothing', async () => {
      const token = uniqueToken();
      const res = await http()
        .post('/api/students')
        .set(bearer(teacher.accessToken))
        .send(
          studentBody({
            last_name: token,
            hours_studied: 61,
            attendance: 100.5,
            sleep_hours: -1,
            previous_scores: '73',
            tutoring_sessions: 2.5,
            physical_activity: 101,
            exam_score: 106,
            age: 3,
            gender: 'Unknown',
            parental_involvement: 'low',
            teacher_quality: 'Excellent',
            school_type: 'Charter',
            peer_influence: 'Bad',
            parental_education_level: 'PhD',
            distance_from_home: 'Remote',
            extracurricular_activities: 'Yes',
            email: 'not-an-email',
            student_id: 'S 1',
            first_name: '',
            is_admin: true,
          }),
        );
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('validation_failed');
      const fields = new Set((res.body.errors as { field: string }[]).map((e) => e.field));
      expect([...fields].sort()).toEqual(
        [
          'hours_studied',
          'attendance',
          'sleep_hours',
          'previous_scores',
          'tutoring_sessions',
          'physical_activity',
          'exam_score',
          'age',
          'gender',
          'parental_involvement',
          'teacher_quality',
          'school_type',
          'peer_influence',
          'parental_education_level',
          'distance_from_home',
          'extracurricular_activities',
          'email',
          'student_id',
          'first_name',
          'is_admin',
        ].sort(),
      );
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'hours_studied', message: 'hours_studied must be at most 60' },
          { field: 'exam_score', message: 'exam_score must be at most 105' },
          {
            field: 'gender',
            message: 'gender must be one of: Male, Female, Non-binary, Not stated',
          },
          { field: 'is_admin', message: 'is not allowed' },
        ]),
      );
      const list = await http()
        .get('/api/students')
        .query({ search: token })
        .set(bearer(teacher.accessToken))
        .expect(200);
      expect(list.body.meta.total).toBe(0);
    });

    it('requires the non-nullable factors', async () => {
      const { hours_studied: _h, school_type: _s, ...body } = studentBody();
      const res = await http()
        .post('/api/students')
        .set(bearer(teacher.accessToken))
        .send({ ...body, gender: null })
        .expect(400);
      const fields = new Set((res.body.errors as { field: string }[]).map((e) => e.field));
      expect([...fields].sort()).toEqual(['gender', 'hours_studied', 'school_type']);
    });

    it('answers 404 for an unknown student', async () => {
      const res = await http()
        .get('/api/students/STU99999999')
        .set(bearer(teacher.accessToken))
        .expect(404);
      expect(res.body.code).toBe('student_not_found');
    });

    it('lets only teachers and administrators create, and only with a token', async () => {
      const student = await createUserAndLogin(app, { role: 'student' });
      await http()
        .post('/api/students')
        .set(bearer(student.accessToken))
        .send(studentBody())
        .expect(403);
      await http().post('/api/students').send(studentBody()).expect(401);
    });
  });

  describe('update and delete', () => {
    it('updates only the given fields with PATCH and with PUT, and audits the field names', async () => {
      const created = await createStudent(app, teacher.accessToken);
      const patched = await http()
        .patch(`/api/students/${created.student_id}`)
        .set(bearer(teacher.accessToken))
        .send({ attendance: 91.5, teacher_quality: null, first_name: 'Augusta' })
        .expect(200);
      expect(patched.body).toMatchObject({
        ...created,
        attendance: 91.5,
        teacher_quality: null,
        first_name: 'Augusta',
        updated_at: expect.any(String),
      });
      const put = await http()
        .put(`/api/students/${created.student_id}`)
        .set(bearer(admin.accessToken))
        .send({ exam_score: 88 })
        .expect(200);
      expect(put.body).toMatchObject({
        ...patched.body,
        exam_score: 88,
        updated_at: expect.any(String),
      });

      const audit = await http()
        .get('/api/audit-logs')
        .query({ target: `student:${created.student_id}` })
        .set(bearer(admin.accessToken))
        .expect(200);
      const actions = (audit.body.data as { action: string }[]).map((e) => e.action).sort();
      expect(actions).toEqual(['student.created', 'student.updated', 'student.updated']);
      const update = (audit.body.data as { action: string; details: { fields?: string[] } }[]).find(
        (e) => e.action === 'student.updated' && e.details.fields?.includes('first_name'),
      );
      expect(update?.details.fields?.sort()).toEqual([
        'attendance',
        'first_name',
        'teacher_quality',
      ]);
      expect(JSON.stringify(audit.body)).not.toContain('Augusta');
    });

    it('refuses invalid or unknown update fields, null for required ones, and a new student_id', async () => {
      const created = await createStudent(app, teacher.accessToken);
      const res = await http()
        .patch(`/api/students/${created.student_id}`)
        .set(bearer(teacher.accessToken))
        .send({ attendance: null, motivation_level: 'Extreme', student_id: 'STU0002' })
        .expect(400);
      const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
      expect([...new Set(fields)]).toEqual(['attendance', 'motivation_level', 'student_id']);
      const read = await http()
        .get(`/api/students/${created.student_id}`)
        .set(bearer(teacher.accessToken))
        .expect(200);
      expect(read.body).toEqual(created);
    });

    it('lets only administrators delete (204), with the history going too', async () => {
      const created = await createStudent(app, teacher.accessToken);
      await http()
        .post(`/api/students/${created.student_id}/performance-records`)
        .set(bearer(teacher.accessToken))
        .send({ exam_score: 70 })
        .expect(201);
      await http()
        .delete(`/api/students/${created.student_id}`)
        .set(bearer(teacher.accessToken))
        .expect(403);
      await http()
        .delete(`/api/students/${created.student_id}`)
        .set(bearer(admin.accessToken))
        .expect(204);
      await http()
        .get(`/api/students/${created.student_id}`)
        .set(bearer(admin.accessToken))
        .expect(404);
      await http()
        .delete(`/api/students/${created.student_id}`)
        .set(bearer(admin.accessToken))
        .expect(404);
    });
  });

  describe('a student and their own profile', () => {
    let student: LoggedInUser;
    let own: Record<string, unknown> & { student_id: string };
    let other: Record<string, unknown> & { student_id: string };

    beforeAll(async () => {
      student = await createUserAndLogin(app, { role: 'student' });
      own = await createStudent(app, teacher.accessToken);
      other = await createStudent(app, teacher.accessToken);
      await linkStudent(app, admin.accessToken, own.student_id, student.user.id);
    });

    it('reads their own profile through /me and through its id', async () => {
      const me = await http().get('/api/students/me').set(bearer(student.accessToken)).expect(200);
      expect(me.body).toMatchObject({ student_id: own.student_id, user_id: student.user.id });
      await http()
        .get(`/api/students/${own.student_id}`)
        .set(bearer(student.accessToken))
        .expect(200);
    });

    it("gets 404 for another student's profile, exactly as for an unknown id", async () => {
      const res = await http()
        .get(`/api/students/${other.student_id}`)
        .set(bearer(student.accessToken))
        .expect(404);
      const unknown = await http()
        .get('/api/students/STU99999998')
        .set(bearer(student.accessToken))
        .expect(404);
      expect(res.body.code).toBe(unknown.body.code);
      expect(res.body.detail).toBe(unknown.body.detail.replace('STU99999998', other.student_id));
    });

    it("gets 404 editing another student's profile, and nothing changes", async () => {
      for (const method of ['patch', 'put'] as const) {
        await http()
          [method](`/api/students/${other.student_id}`)
          .set(bearer(student.accessToken))
          .send({ first_name: 'Mallory' })
          .expect(404);
      }
      await http()
        .get(`/api/students/${other.student_id}/performance-records`)
        .set(bearer(student.accessToken))
        .expect(404);
      await http()
        .get(`/api/students/${other.student_id}/data-export`)
        .set(bearer(student.accessToken))
        .expect(404);
      const read = await http()
        .get(`/api/students/${other.student_id}`)
        .set(bearer(teacher.accessToken))
        .expect(200);
      expect(read.body).toEqual(other);
    });

    it('may change personal fields of their own profile', async () => {
      const res = await http()
        .patch(`/api/students/${own.student_id}`)
        .set(bearer(student.accessToken))
        .send({ first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.com' })
        .expect(200);
      expect(res.body).toMatchObject({
        first_name: 'Grace',
        last_name: 'Hopper',
        email: 'grace@example.com',
        exam_score: own.exam_score,
      });
    });

    it('cannot change an academic field: 403 naming it, and nothing changes', async () => {
      const before = await http()
        .get(`/api/students/${own.student_id}`)
        .set(bearer(student.accessToken))
        .expect(200);
      const res = await http()
        .put(`/api/students/${own.student_id}`)
        .set(bearer(student.accessToken))
        .send({ first_name: 'Changed', exam_score: 100, attendance: 100 })
        .expect(403);
      expect(res.body.code).toBe('academic_fields_forbidden');
      expect((res.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
        'attendance',
        'exam_score',
      ]);
      const after = await http()
        .get(`/api/students/${own.student_id}`)
        .set(bearer(student.accessToken))
        .expect(200);
      expect(after.body).toEqual(before.body);
    });

    it('may not list, create, delete or erase', async () => {
      await http().get('/api/students').set(bearer(student.accessToken)).expect(403);
      await http()
        .delete(`/api/students/${own.student_id}`)
        .set(bearer(student.accessToken))
        .expect(403);
      await http()
        .post(`/api/students/${own.student_id}/erase`)
        .set(bearer(student.accessToken))
        .expect(403);
    });

    it('gets 404 from /me while no profile is linked; staff cannot use /me', async () => {
      const lonely = await createUserAndLogin(app, { role: 'student' });
      const res = await http().get('/api/students/me').set(bearer(lonely.accessToken)).expect(404);
      expect(res.body.code).toBe('student_not_found');
      await http().get('/api/students/me').set(bearer(teacher.accessToken)).expect(403);
    });
  });

  describe('linking accounts', () => {
    it('links a student account once, refuses non-students and double links, and unlinks', async () => {
      const profile = await createStudent(app, teacher.accessToken);
      const second = await createStudent(app, teacher.accessToken);
      const student = await createUserAndLogin(app, { role: 'student' });
      const path = `/api/students/${profile.student_id}/user`;

      const notStudent = await http()
        .put(path)
        .set(bearer(admin.accessToken))
        .send({ user_id: teacher.user.id })
        .expect(409);
      expect(notStudent.body.code).toBe('user_not_student');
      const unknown = await http()
        .put(path)
        .set(bearer(admin.accessToken))
        .send({ user_id: '00000000-0000-4000-8000-000000000000' })
        .expect(404);
      expect(unknown.body.code).toBe('user_not_found');
      await http().put(path).set(bearer(admin.accessToken)).send({ user_id: 'x' }).expect(400);
      await http()
        .put(path)
        .set(bearer(teacher.accessToken))
        .send({ user_id: student.user.id })
        .expect(403);

      const linked = await http()
        .put(path)
        .set(bearer(admin.accessToken))
        .send({ user_id: student.user.id })
        .expect(200);
      expect(linked.body.user_id).toBe(student.user.id);
      await http()
        .put(path)
        .set(bearer(admin.accessToken))
        .send({ user_id: student.user.id })
        .expect(200);
      const twice = await http()
        .put(`/api/students/${second.student_id}/user`)
        .set(bearer(admin.accessToken))
        .send({ user_id: student.user.id })
        .expect(409);
      expect(twice.body.code).toBe('user_already_linked');
      const other = await createUserAndLogin(app, { role: 'student' });
      const taken = await http()
        .put(path)
        .set(bearer(admin.accessToken))
        .send({ user_id: other.user.id })
        .expect(409);
      expect(taken.body.code).toBe('student_already_linked');

      await http().get('/api/students/me').set(bearer(student.accessToken)).expect(200);
      await http().delete(path).set(bearer(admin.accessToken)).expect(204);
      await http().get('/api/students/me').set(bearer(student.accessToken)).expect(404);
      await http()
        .get(`/api/students/${profile.student_id}`)
        .set(bearer(student.accessToken))
        .expect(404);
    });
  });
});
