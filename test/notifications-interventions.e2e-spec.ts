import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createUserAndLogin, LoggedInUser } from './helpers/auth';
import { createTestApp } from './helpers/test-app';
import { createLinkedStudent, createStudent } from './students/student-factory';

describe('Interventions', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let teacher: LoggedInUser;
  let admin: LoggedInUser;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp();
    dataSource = app.get(DataSource);
    [teacher, admin] = await Promise.all([
      createUserAndLogin(app, { role: 'teacher' }),
      createUserAndLogin(app, { role: 'administrator' }),
    ]);
  });

  afterAll(async () => {
    await app.close();
  });

  /** An open alert about the student, written directly (this file is about interventions). */
  async function alertAbout(studentId: string): Promise<string> {
    const [row] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO alerts (student_profile_id, type, severity, status, message)
       SELECT id, 'attendance', 'medium', 'open', 'Low attendance' FROM student_profiles
       WHERE student_id = $1 RETURNING id`,
      [studentId],
    );
    return row.id;
  }

  it('creates with 201 and Location, lists newest first, gets and updates', async () => {
    const profile = await createStudent(app, teacher.accessToken);
    const alertId = await alertAbout(profile.student_id);
    const created = await http()
      .post(`/api/students/${profile.student_id}/interventions`)
      .set(bearer(teacher.accessToken))
      .send({
        type: 'tutoring',
        description: 'Two extra maths sessions a week.',
        due_date: '2030-07-01',
        alert_id: alertId,
      })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      student_id: profile.student_id,
      alert_id: alertId,
      type: 'tutoring',
      description: 'Two extra maths sessions a week.',
      status: 'planned',
      due_date: '2030-07-01',
      outcome: null,
      created_by: teacher.user.id,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(created.headers.location).toBe(`/api/interventions/${created.body.id}`);
    await http().get(created.headers.location).set(bearer(admin.accessToken)).expect(200);

    const second = await http()
      .post(`/api/students/${profile.student_id}/interventions`)
      .set(bearer(admin.accessToken))
      .send({ type: 'parent_meeting', description: 'Meet the parents.', status: 'in_progress' })
      .expect(201);

    const list = await http()
      .get(`/api/students/${profile.student_id}/interventions`)
      .set(bearer(teacher.accessToken))
      .expect(200);
    const listPath = `/api/students/${profile.student_id}/interventions?page=1&per_page=20`;
    expect(list.body.meta).toEqual({
      page: 1,
      per_page: 20,
      total: 2,
      total_pages: 1,
      links: { self: listPath, first: listPath, last: listPath },
    });
    expect(list.body.data.map((i: { id: string }) => i.id)).toEqual([
      second.body.id,
      created.body.id,
    ]);
    const planned = await http()
      .get(`/api/students/${profile.student_id}/interventions?status=planned`)
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(planned.body.data.map((i: { id: string }) => i.id)).toEqual([created.body.id]);

    const updated = await http()
      .patch(`/api/interventions/${created.body.id}`)
      .set(bearer(teacher.accessToken))
      .send({ status: 'completed', outcome: 'Scored 68 in the mock exam.', due_date: null })
      .expect(200);
    expect(updated.body).toMatchObject({
      status: 'completed',
      outcome: 'Scored 68 in the mock exam.',
      due_date: null,
      description: 'Two extra maths sessions a week.',
    });
    const audit = await dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_logs WHERE target_id = $1 AND action LIKE 'intervention.%'
       ORDER BY occurred_at`,
      [profile.student_id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'intervention.created',
      'intervention.created',
      'intervention.updated',
    ]);
  });

  it('answers 404 for an unknown student or intervention, 422 for another student’s alert', async () => {
    await http()
      .post('/api/students/STU99999997/interventions')
      .set(bearer(teacher.accessToken))
      .send({ type: 'tutoring', description: 'x' })
      .expect(404)
      .expect((res) => expect(res.body.code).toBe('student_not_found'));
    await http()
      .get('/api/students/STU99999997/interventions')
      .set(bearer(teacher.accessToken))
      .expect(404);
    await http()
      .patch('/api/interventions/00000000-0000-4000-8000-000000000000')
      .set(bearer(teacher.accessToken))
      .send({ status: 'completed' })
      .expect(404);

    const [a, b] = await Promise.all([
      createStudent(app, teacher.accessToken),
      createStudent(app, teacher.accessToken),
    ]);
    const alertOfB = await alertAbout(b.student_id);
    const res = await http()
      .post(`/api/students/${a.student_id}/interventions`)
      .set(bearer(teacher.accessToken))
      .send({ type: 'tutoring', description: 'x', alert_id: alertOfB })
      .expect(422);
    expect(res.body.code).toBe('alert_not_for_student');
    const count = await dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM interventions i JOIN student_profiles s
       ON s.id = i.student_profile_id WHERE s.student_id = $1`,
      [a.student_id],
    );
    expect(count[0].n).toBe(0);
  });

  it('validates bodies', async () => {
    const profile = await createStudent(app, teacher.accessToken);
    const url = `/api/students/${profile.student_id}/interventions`;
    for (const body of [
      {},
      { type: 'tutoring' },
      { type: ' ', description: 'x' },
      { type: 'tutoring', description: 'x', status: 'done' },
      { type: 'tutoring', description: 'x', due_date: '2030-02-30' },
      { type: 'tutoring', description: 'x', due_date: 'tomorrow' },
      { type: 'tutoring', description: 'x', alert_id: 'nope' },
      { type: 'tutoring', description: 'x', extra: 1 },
    ]) {
      await http().post(url).set(bearer(teacher.accessToken)).send(body).expect(400);
    }
    const created = await http()
      .post(url)
      .set(bearer(teacher.accessToken))
      .send({ type: 'tutoring', description: 'x' })
      .expect(201);
    await http()
      .patch(`/api/interventions/${created.body.id}`)
      .set(bearer(teacher.accessToken))
      .send({})
      .expect(400);
  });

  it('is for teachers and administrators only', async () => {
    const { profile, account: student } = await createLinkedStudent(
      app,
      teacher.accessToken,
      admin.accessToken,
    );
    const created = await http()
      .post(`/api/students/${profile.student_id}/interventions`)
      .set(bearer(teacher.accessToken))
      .send({ type: 'tutoring', description: 'x' })
      .expect(201);
    const token = bearer(student.accessToken);
    await http()
      .post(`/api/students/${profile.student_id}/interventions`)
      .set(token)
      .send({ type: 'tutoring', description: 'x' })
      .expect(403);
    await http().get(`/api/students/${profile.student_id}/interventions`).set(token).expect(403);
    await http().get(`/api/interventions/${created.body.id}`).set(token).expect(403);
    await http()
      .patch(`/api/interventions/${created.body.id}`)
      .set(token)
      .send({ status: 'cancelled' })
      .expect(403);
  });
});
