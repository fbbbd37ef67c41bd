import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { bearer, createUserAndLogin, LoggedInUser } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';
import { createStudent, linkStudent } from './student-factory';

describe('Students: performance records', () => {
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

  it('adds a record (201, Location) and copies its scores onto the profile by default', async () => {
    const student = await createStudent(app, teacher.accessToken, {
      exam_score: 60,
      attendance: 70,
      hours_studied: 10,
      previous_scores: 55,
    });
    const res = await http()
      .post(`/api/students/${student.student_id}/performance-records`)
      .set(bearer(teacher.accessToken))
      .send({
        recorded_at: '2025-06-20T09:00:00Z',
        term: '2024-25 T3',
        exam_score: 72,
        attendance: 90,
        hours_studied: 18,
        notes: 'Much better',
      })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      student_id: student.student_id,
      recorded_at: '2025-06-20T09:00:00.000Z',
      term: '2024-25 T3',
      exam_score: 72,
      attendance: 90,
      hours_studied: 18,
      previous_scores: null,
      notes: 'Much better',
      created_by: teacher.user.id,
      created_at: expect.any(String),
      profile_updated_fields: expect.any(Array),
    });
    expect(res.body.profile_updated_fields.sort()).toEqual([
      'attendance',
      'exam_score',
      'hours_studied',
    ]);
    expect(res.headers.location).toBe(
      `/api/students/${student.student_id}/performance-records/${res.body.id}`,
    );
    const one = await http().get(res.headers.location).set(bearer(admin.accessToken)).expect(200);
    const { profile_updated_fields: _fields, ...record } = res.body;
    expect(one.body).toEqual(record);

    const profile = await http()
      .get(`/api/students/${student.student_id}`)
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(profile.body).toMatchObject({
      exam_score: 72,
      attendance: 90,
      hours_studied: 18,
      previous_scores: 55,
    });
  });

  it('leaves the profile alone with update_profile=false, and for a record older than the latest', async () => {
    const student = await createStudent(app, teacher.accessToken, { exam_score: 60 });
    const path = `/api/students/${student.student_id}/performance-records`;
    const kept = await http()
      .post(path)
      .query({ update_profile: 'false' })
      .set(bearer(teacher.accessToken))
      .send({ exam_score: 90, recorded_at: '2025-05-01T00:00:00Z' })
      .expect(201);
    expect(kept.body.profile_updated_fields).toEqual([]);
    const older = await http()
      .post(path)
      .set(bearer(teacher.accessToken))
      .send({ exam_score: 40, recorded_at: '2025-01-01T00:00:00Z' })
      .expect(201);
    expect(older.body.profile_updated_fields).toEqual([]);
    const profile = await http()
      .get(`/api/students/${student.student_id}`)
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(profile.body.exam_score).toBe(60);
    await http()
      .post(path)
      .query({ update_profile: 'maybe' })
      .set(bearer(teacher.accessToken))
      .send({ exam_score: 90 })
      .expect(400);
  });

  it('lists the history newest first, paged, and oldest first on request', async () => {
    const student = await createStudent(app, teacher.accessToken);
    const path = `/api/students/${student.student_id}/performance-records`;
    for (const [month, score] of [
      ['01', 50],
      ['03', 60],
      ['02', 55],
    ] as const) {
      await http()
        .post(path)
        .set(bearer(teacher.accessToken))
        .send({ exam_score: score, recorded_at: `2025-${month}-15T00:00:00Z` })
        .expect(201);
    }
    const newest = await http().get(path).set(bearer(teacher.accessToken)).expect(200);
    expect(newest.body.meta).toEqual({
      page: 1,
      per_page: 20,
      total: 3,
      total_pages: 1,
      links: {
        self: `${path}?page=1&per_page=20`,
        first: `${path}?page=1&per_page=20`,
        last: `${path}?page=1&per_page=20`,
      },
    });
    expect(newest.body.data.map((r: { exam_score: number }) => r.exam_score)).toEqual([60, 55, 50]);
    const oldest = await http()
      .get(path)
      .query({ sort: 'recorded_at', per_page: 2 })
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(oldest.body.data.map((r: { exam_score: number }) => r.exam_score)).toEqual([50, 55]);
    expect(oldest.body.meta.total_pages).toBe(2);
    await http()
      .get(path)
      .query({ sort: 'exam_score' })
      .set(bearer(teacher.accessToken))
      .expect(400);
  });

  it('validates records field by field', async () => {
    const student = await createStudent(app, teacher.accessToken);
    const res = await http()
      .post(`/api/students/${student.student_id}/performance-records`)
      .set(bearer(teacher.accessToken))
      .send({
        recorded_at: 'yesterday',
        exam_score: 106,
        attendance: 101,
        hours_studied: -1,
        previous_scores: 'high',
        term: 'x'.repeat(51),
        extra: 1,
      })
      .expect(400);
    const fields = new Set((res.body.errors as { field: string }[]).map((e) => e.field));
    expect([...fields].sort()).toEqual(
      [
        'attendance',
        'exam_score',
        'extra',
        'hours_studied',
        'previous_scores',
        'recorded_at',
        'term',
      ].sort(),
    );
    const missing = await http()
      .post(`/api/students/${student.student_id}/performance-records`)
      .set(bearer(teacher.accessToken))
      .send({})
      .expect(400);
    expect(missing.body.errors).toEqual(
      expect.arrayContaining([{ field: 'exam_score', message: 'exam_score is required' }]),
    );
    const list = await http()
      .get(`/api/students/${student.student_id}/performance-records`)
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(list.body.meta.total).toBe(0);
  });

  it('lets a student read only their own history, and never write it', async () => {
    const user = await createUserAndLogin(app, { role: 'student' });
    const own = await createStudent(app, teacher.accessToken);
    const other = await createStudent(app, teacher.accessToken);
    await linkStudent(app, admin.accessToken, own.student_id, user.user.id);
    const created = await http()
      .post(`/api/students/${other.student_id}/performance-records`)
      .set(bearer(teacher.accessToken))
      .send({ exam_score: 65 })
      .expect(201);

    await http()
      .get(`/api/students/${own.student_id}/performance-records`)
      .set(bearer(user.accessToken))
      .expect(200);
    await http()
      .get(`/api/students/${other.student_id}/performance-records`)
      .set(bearer(user.accessToken))
      .expect(404);
    await http()
      .get(`/api/students/${other.student_id}/performance-records/${created.body.id}`)
      .set(bearer(user.accessToken))
      .expect(404);
    // A record id under the wrong student is not found either.
    await http()
      .get(`/api/students/${own.student_id}/performance-records/${created.body.id}`)
      .set(bearer(teacher.accessToken))
      .expect(404);
    await http()
      .post(`/api/students/${own.student_id}/performance-records`)
      .set(bearer(user.accessToken))
      .send({ exam_score: 100 })
      .expect(403);
    await http()
      .get(`/api/students/${own.student_id}/performance-records/not-a-uuid`)
      .set(bearer(teacher.accessToken))
      .expect(400);
  });

  it('answers 404 for an unknown student', async () => {
    await http()
      .post('/api/students/STU99999997/performance-records')
      .set(bearer(teacher.accessToken))
      .send({ exam_score: 70 })
      .expect(404);
  });
});
