import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SeedService } from '../../src/demo-seed/seed.service';
import { bearer } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';

/**
 * Seeding is tested on a database of its own (on the run's server), so the 5,607 demo
 * students and the demo accounts never show up in the other tests' data.
 */
describe('Demo data', () => {
  const runUrl = process.env.DATABASE_URL as string;
  const name = `spp_seed_${process.pid}_${Date.now().toString(36)}`;
  const url = new URL(runUrl);
  url.pathname = `/${name}`;
  let app: NestExpressApplication;
  let dataSource: DataSource;

  async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: runUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  async function counts() {
    const [row] = await dataSource.query<
      { students: number; records: number; users: number; linked: number }[]
    >(
      `SELECT (SELECT count(*) FROM student_profiles)::int AS students,
              (SELECT count(*) FROM performance_records)::int AS records,
              (SELECT count(*) FROM users)::int AS users,
              (SELECT count(*) FROM student_profiles WHERE user_id IS NOT NULL)::int AS linked`,
    );
    return row;
  }

  beforeAll(async () => {
    await admin((client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
    // The first start on an empty database loads the demo data (SEED_DEMO=true).
    app = await createTestApp({ DATABASE_URL: url.toString(), SEED_DEMO: 'true' });
    dataSource = app.get(DataSource);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await admin((client) =>
      client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
    );
  });

  it('loads every student of the data set, two history points each, and the demo accounts at first start', async () => {
    expect(await counts()).toEqual({ students: 5607, records: 11214, users: 5, linked: 2 });
    const rows = await dataSource.query<Record<string, unknown>[]>(
      `SELECT p.student_id, p.email, p.hours_studied, p.attendance, p.exam_score, p.teacher_quality,
              p.internet_access, p.first_name, u.email AS user_email
         FROM student_profiles p LEFT JOIN users u ON u.id = p.user_id
        WHERE p.student_id IN ('STU0001', 'STU0002', 'STU5607') ORDER BY p.student_id`,
    );
    // The first and last rows of seeds/StudentPerformanceFactors.csv.
    expect(rows[0]).toMatchObject({
      student_id: 'STU0001',
      email: 'student1@school.edu',
      user_email: 'student1@school.edu',
      hours_studied: 19,
      attendance: 64,
      exam_score: 61,
      teacher_quality: 'Medium',
      internet_access: true,
    });
    expect(rows[1]).toMatchObject({ student_id: 'STU0002', user_email: 'student2@school.edu' });
    expect(rows[2]).toMatchObject({ student_id: 'STU5607', hours_studied: 15, exam_score: 64 });
    expect(rows[2].first_name).toEqual(expect.any(String));
  });

  it('creates nothing new when seeding again (twice)', async () => {
    const before = await counts();
    const seed = app.get(SeedService);
    for (let run = 0; run < 2; run++) {
      const report = await seed.seedDemo();
      expect(report).toMatchObject({
        rows_in_file: 5607,
        students_inserted: 0,
        performance_records_inserted: 0,
        accounts_linked: 0,
      });
    }
    expect(await counts()).toEqual(before);
  });

  it('gives the same made-up names on every run', async () => {
    const [first] = await dataSource.query<
      { first_name: string; last_name: string; age: number }[]
    >(`SELECT first_name, last_name, age FROM student_profiles WHERE student_id = 'STU0003'`);
    await dataSource.query(`DELETE FROM student_profiles WHERE student_id = 'STU0003'`);
    const report = await app.get(SeedService).seedDemo();
    expect(report.students_inserted).toBe(1);
    const [again] = await dataSource.query<
      { first_name: string; last_name: string; age: number }[]
    >(`SELECT first_name, last_name, age FROM student_profiles WHERE student_id = 'STU0003'`);
    expect(again).toEqual(first);
  });

  it('lets the demo accounts log in, the demo student reach their profile, and continues ids after the data set', async () => {
    const login = async (email: string, password: string) => {
      const res = await request(app.getHttpServer())
        .post('/api/auth/login')
        .send({ email, password })
        .expect(200);
      return res.body.access_token as string;
    };
    const student = await login('student1@school.edu', 'Student123!');
    const me = await request(app.getHttpServer())
      .get('/api/students/me')
      .set(bearer(student))
      .expect(200);
    expect(me.body.student_id).toBe('STU0001');
    const teacher = await login('teacher1@school.edu', 'Teacher123!');
    const body = {
      first_name: 'New',
      last_name: 'Student',
      gender: 'Male',
      hours_studied: 10,
      attendance: 80,
      parental_involvement: 'Medium',
      access_to_resources: 'Medium',
      extracurricular_activities: true,
      sleep_hours: 8,
      previous_scores: 70,
      motivation_level: 'Medium',
      internet_access: true,
      tutoring_sessions: 1,
      family_income: 'Medium',
      school_type: 'Public',
      peer_influence: 'Neutral',
      physical_activity: 2,
      learning_disabilities: false,
    };
    const created = await request(app.getHttpServer())
      .post('/api/students')
      .set(bearer(teacher))
      .send(body)
      .expect(201);
    expect(created.body.student_id).toBe('STU5608');

    // Ids given explicitly right where the sequence is: the next generated id skips them.
    for (const id of ['STU5609', 'STU5610']) {
      await request(app.getHttpServer())
        .post('/api/students')
        .set(bearer(teacher))
        .send({ ...body, student_id: id })
        .expect(201);
    }
    const next = await request(app.getHttpServer())
      .post('/api/students')
      .set(bearer(teacher))
      .send(body)
      .expect(201);
    expect(next.body.student_id).toBe('STU5611');
  });
});
