import { get as httpGet } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { HEAVY_DATA_SOURCE } from '../src/database/heavy-data-source';
import { HEAVY_WORK_LOCK_KEYS } from '../src/database/heavy-work-limiter';
import { bearer } from './helpers/auth';
import { identityCsv, upload } from './helpers/import-export';
import { useHttpApp } from './helpers/http-app';
import { createTestDatabase, type TestDatabase } from './setup/test-database';

/**
 * Back-pressure: heavy work (batch predictions, imports, exports, training) runs on its own
 * pool and is admitted at once or refused at once with 429 + Retry-After, on one instance and
 * across instances on one database, while logins and readiness keep working. The file has its
 * own database, so the slot locks it holds and counts are no other test's.
 */

const BURST_STUDENTS = 5_000;

type Response = request.Response;

/** Inserts `count` valid students in one statement; returns their ids. */
async function insertStudents(client: Client, count: number): Promise<string[]> {
  const { rows } = await client.query<{ student_id: string }>(
    `INSERT INTO student_profiles (
       student_id, first_name, last_name, gender, hours_studied, attendance, parental_involvement,
       access_to_resources, extracurricular_activities, sleep_hours, previous_scores,
       motivation_level, internet_access, tutoring_sessions, family_income, teacher_quality,
       school_type, peer_influence, physical_activity, learning_disabilities,
       parental_education_level, distance_from_home, exam_score)
     SELECT 'STU' || lpad(nextval('student_profiles_student_number_seq')::text, 4, '0'),
            'Load', 'Student', CASE WHEN n % 2 = 0 THEN 'Female' ELSE 'Male' END,
            5 + n % 30, 60 + n % 40, 'Medium', 'High', n % 3 = 0, 7, 50 + n % 50, 'Medium',
            true, n % 4, 'Medium', 'Medium', 'Public', 'Positive', n % 6, false, 'College',
            'Near', 60 + n % 40
     FROM generate_series(1, $1::int) AS n
     RETURNING student_id`,
    [count],
  );
  return rows.map((r) => r.student_id);
}

function expectRefused(res: Response, lane: string): void {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['retry-after']).toBe('3');
  expect(res.body).toEqual(
    expect.objectContaining({ status: 429, code: 'heavy_work_limit', lane }),
  );
}

/** A test-held transaction (on its own connection) holding `key`'s advisory slots. */
async function holdSlots(url: string, key: number, slots: number[]): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  for (const slot of slots) await client.query('SELECT pg_advisory_xact_lock($1, $2)', [key, slot]);
  return client;
}

async function release(client: Client): Promise<void> {
  await client.query('COMMIT');
  await client.end();
}

/** Waits until some session holds the advisory slot (key, slot). */
async function waitForSlotHolder(client: Client, key: number, slot: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const { rows } = await client.query(
      `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2
         AND objsubid = 2 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [key, slot],
    );
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`nobody took slot ${slot} of lock ${key}`);
}

describe('Back-pressure for heavy work', () => {
  let database: TestDatabase;
  let sql: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await database?.drop();
  });

  describe('one instance with small limits', () => {
    const api = useHttpApp({
      env: () => ({
        DATABASE_URL: database.url,
        MAX_CONCURRENT_BATCH_PREDICTIONS: '2',
        MAX_CONCURRENT_IMPORTS: '1',
        MAX_CONCURRENT_EXPORTS: '1',
        MAX_CONCURRENT_TRAININGS: '1',
        HEAVY_WORK_RETRY_AFTER_SECONDS: '3',
        DB_POOL_MAX: '6',
        DB_HEAVY_POOL_MAX: '3',
        DB_STATEMENT_TIMEOUT_MS: '12000',
        DB_HEAVY_STATEMENT_TIMEOUT_MS: '90000',
        DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '30000',
      }),
      users: { teacher: 'teacher', admin: 'administrator' },
    });
    const { http } = api;
    const { teacher, admin } = api.users;
    let studentIds: string[];

    beforeAll(async () => {
      studentIds = await insertStudents(sql, BURST_STUDENTS);
    });

    it('sets the pool sizes and server-side timeouts of both pools from the configuration', async () => {
      const main = api.app.get(DataSource);
      const heavy = api.app.get<DataSource>(getDataSourceToken(HEAVY_DATA_SOURCE));
      const settings = async (ds: DataSource) => {
        const rows = await ds.query<{ statement: string; idle: string; name: string }[]>(
          `SELECT current_setting('statement_timeout') AS statement,
                  current_setting('idle_in_transaction_session_timeout') AS idle,
                  current_setting('application_name') AS name`,
        );
        return rows[0];
      };
      expect(await settings(main)).toEqual({
        statement: '12s',
        idle: '30s',
        name: 'student-performance-api',
      });
      expect(await settings(heavy)).toEqual({
        statement: '90s',
        idle: '30s',
        name: 'student-performance-api:heavy',
      });
      const poolMax = (ds: DataSource) =>
        (ds.driver as unknown as { master: { options: { max: number } } }).master.options.max;
      expect(poolMax(main)).toBe(6);
      expect(poolMax(heavy)).toBe(3);
    });

    it('answers a burst of 20 batches of 5,000 students with 200s and 429s only, while logins and readiness stay up', async () => {
      const body = { student_ids: studentIds };
      const batches = Array.from({ length: 20 }, () =>
        http().post('/api/predictions/batch').set(bearer(teacher.accessToken)).send(body),
      );
      const side: Response[] = [];
      const sideWork = (async () => {
        for (let i = 0; i < 3; i++) {
          side.push(
            await http()
              .post('/api/auth/login')
              .send({ email: teacher.user.email, password: teacher.password }),
          );
          side.push(await http().get('/health/ready'));
        }
      })();
      const answers = await Promise.all(batches);
      await sideWork;

      const statuses = answers.map((res) => res.status);
      expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
      for (const res of answers.filter((r) => r.status === 429)) {
        expectRefused(res, 'batch_prediction');
      }
      for (const res of answers.filter((r) => r.status === 200)) {
        expect(res.body.predictions).toHaveLength(BURST_STUDENTS);
        expect(res.body.not_found).toEqual([]);
      }
      expect(side.map((res) => res.status)).toEqual([200, 200, 200, 200, 200, 200]);
      // Nothing half-written: exactly the answered batches were stored.
      const { rows } = await sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM predictions WHERE requested_by = $1',
        [teacher.user.id],
      );
      expect(rows[0].n).toBe(statuses.filter((s) => s === 200).length * BURST_STUDENTS);
    });

    it('refuses a batch while the batch slots of the database are taken, and serves it once they are free', async () => {
      const holder = await holdSlots(database.url, HEAVY_WORK_LOCK_KEYS.batch_prediction, [0, 1]);
      try {
        const res = await http()
          .post('/api/predictions/batch')
          .set(bearer(teacher.accessToken))
          .send({ student_ids: studentIds.slice(0, 10) });
        expectRefused(res, 'batch_prediction');
        expect(res.body.detail).toMatch(/across the service/);
      } finally {
        await release(holder);
      }
      await http()
        .post('/api/predictions/batch')
        .set(bearer(teacher.accessToken))
        .send({ student_ids: studentIds.slice(0, 10) })
        .expect(200);
    });

    it('refuses an import past the limit with nothing read, stored or recorded', async () => {
      const before = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM data_imports');
      const csv = identityCsv([{ first: 'Busy', last: 'Import' }]);
      const holder = await holdSlots(database.url, HEAVY_WORK_LOCK_KEYS.import, [0]);
      try {
        const res = await upload(api.app, admin.accessToken, csv);
        expectRefused(res, 'import');
      } finally {
        await release(holder);
      }
      const after = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM data_imports');
      expect(after.rows[0].n).toBe(before.rows[0].n);
      const students = await sql.query(
        `SELECT 1 FROM student_profiles WHERE first_name = 'Busy' AND last_name = 'Import'`,
      );
      expect(students.rows).toHaveLength(0);
      const res = await upload(api.app, admin.accessToken, csv);
      expect(res.status).toBe(201);
    });

    it('refuses an export past the limit before any byte of the file is written', async () => {
      const holder = await holdSlots(database.url, HEAVY_WORK_LOCK_KEYS.export, [0]);
      try {
        const res = await http()
          .get('/api/data/export')
          .query({ format: 'csv', search: 'Busy' })
          .set(bearer(teacher.accessToken));
        expectRefused(res, 'export');
        expect(res.headers['content-disposition']).toBeUndefined();
      } finally {
        await release(holder);
      }
      // With MAX_CONCURRENT_EXPORTS=1, a second export succeeds only if the first one's place
      // was given back when its stream ended.
      for (let i = 0; i < 2; i++) {
        const ok = await http()
          .get('/api/data/export')
          .query({ format: 'json', search: 'Busy' })
          .set(bearer(teacher.accessToken));
        expect(ok.status).toBe(200);
        expect(ok.headers['content-disposition']).toMatch(/^attachment/);
      }
    });

    it('gives an export its place back when the client goes away mid-download', async () => {
      await api.app.listen(0, '127.0.0.1');
      const { port } = (api.app.getHttpServer() as Server).address() as AddressInfo;
      const firstStatus = await new Promise<number | undefined>((resolve, reject) => {
        const req = httpGet(
          {
            host: '127.0.0.1',
            port,
            path: '/api/data/export?format=csv',
            headers: bearer(teacher.accessToken),
          },
          (res) => {
            res.once('data', () => {
              req.destroy();
              resolve(res.statusCode);
            });
          },
        );
        req.on('error', (error) => {
          if (!req.destroyed) reject(error);
        });
      });
      expect(firstStatus).toBe(200);
      // MAX_CONCURRENT_EXPORTS=1: the next export is served once the cut-off one is released.
      let next: Response | undefined;
      for (let i = 0; i < 50; i++) {
        next = await http()
          .get('/api/data/export')
          .query({ format: 'json', search: 'Busy' })
          .set(bearer(teacher.accessToken));
        if (next.status !== 429) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(next?.status).toBe(200);
    });

    it('refuses a new training job while the limit of unfinished jobs is reached, naming the job', async () => {
      const { rows } = await sql.query<{ id: string }>(
        `INSERT INTO model_training_jobs (status, started_at) VALUES ('running', now()) RETURNING id`,
      );
      try {
        const res = await http()
          .post('/api/models/train')
          .set(bearer(admin.accessToken))
          .send({ activate: false });
        expectRefused(res, 'training');
        expect(res.body.job_id).toBe(rows[0].id);
      } finally {
        await sql.query(`UPDATE model_training_jobs SET status = 'failed' WHERE id = $1`, [
          rows[0].id,
        ]);
      }
      const queued = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM model_training_jobs WHERE status IN ('queued', 'running')`,
      );
      expect(queued.rows[0].n).toBe(0);
    });
  });

  describe('two instances on one database', () => {
    const env = () => ({
      DATABASE_URL: database.url,
      MAX_CONCURRENT_BATCH_PREDICTIONS: '1',
      HEAVY_WORK_RETRY_AFTER_SECONDS: '3',
    });
    // A has a heavy pool of one connection: a batch must do all its work on it.
    const a = useHttpApp({
      env: () => ({ ...env(), DB_HEAVY_POOL_MAX: '1' }),
      users: { teacher: 'teacher' },
    });
    const b = useHttpApp({ env });
    const { teacher } = a.users;
    let ids: string[];

    beforeAll(async () => {
      ids = await insertStudents(sql, 50);
    });

    it('refuses a batch on B while a batch on A holds the one slot, then serves both', async () => {
      // The test holds back A's INSERT, so A's batch keeps its slot as long as the test wants.
      const blocker = new Client({ connectionString: database.url });
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE predictions IN SHARE MODE');
      let held: Promise<Response> | undefined;
      try {
        held = a
          .http()
          .post('/api/predictions/batch')
          .set(bearer(teacher.accessToken))
          .send({ student_ids: ids })
          .then((res) => res);
        await waitForSlotHolder(sql, HEAVY_WORK_LOCK_KEYS.batch_prediction, 0);

        const onB = await b
          .http()
          .post('/api/predictions/batch')
          .set(bearer(teacher.accessToken))
          .send({ student_ids: ids });
        expectRefused(onB, 'batch_prediction');
        expect(onB.body.detail).toMatch(/across the service/);

        const onA = await a
          .http()
          .post('/api/predictions/batch')
          .set(bearer(teacher.accessToken))
          .send({ student_ids: ids });
        expectRefused(onA, 'batch_prediction');
        expect(onA.body.detail).toMatch(/on this server/);

        // Logins on both instances are not held back by the heavy work.
        for (const instance of [a, b]) {
          await instance
            .http()
            .post('/api/auth/login')
            .send({ email: teacher.user.email, password: teacher.password })
            .expect(200);
        }
      } finally {
        await blocker.query('COMMIT');
        await blocker.end();
      }
      const first = await held;
      expect(first?.status).toBe(200);
      expect(first?.body.predictions).toHaveLength(ids.length);
      await b
        .http()
        .post('/api/predictions/batch')
        .set(bearer(teacher.accessToken))
        .send({ student_ids: ids })
        .expect(200);
    });
  });

  describe('timeouts', () => {
    const api = useHttpApp({
      env: () => ({
        DATABASE_URL: database.url,
        DB_POOL_MAX: '2',
        DB_CONNECT_TIMEOUT_MS: '300',
        DB_STATEMENT_TIMEOUT_MS: '500',
        DB_HEAVY_STATEMENT_TIMEOUT_MS: '500',
      }),
      users: { teacher: 'teacher' },
    });
    const { http } = api;
    const { teacher } = api.users;
    let ids: string[];

    beforeAll(async () => {
      ids = await insertStudents(sql, 10);
    });

    async function whileLocked<T>(table: string, work: () => Promise<T>): Promise<T> {
      const blocker = new Client({ connectionString: database.url });
      await blocker.connect();
      await blocker.query('BEGIN');
      await blocker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      try {
        return await work();
      } finally {
        await blocker.query('COMMIT');
        await blocker.end();
      }
    }

    function expectUnavailable(res: Response): void {
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(res.body.code).toBe('database_unavailable');
    }

    it('ends a statement held past DB_STATEMENT_TIMEOUT_MS with a 503, while readiness stays up', async () => {
      await whileLocked('users', async () => {
        const res = await http()
          .post('/api/auth/login')
          .send({ email: teacher.user.email, password: teacher.password });
        expectUnavailable(res);
        await http().get('/health/ready').expect(200);
      });
      await http()
        .post('/api/auth/login')
        .send({ email: teacher.user.email, password: teacher.password })
        .expect(200);
    });

    it('ends a heavy statement held past DB_HEAVY_STATEMENT_TIMEOUT_MS with a 503 and stores nothing', async () => {
      const res = await whileLocked('student_profiles', () =>
        http()
          .post('/api/predictions/batch')
          .set(bearer(teacher.accessToken))
          .send({ student_ids: ids }),
      );
      expectUnavailable(res);
      const { rows } = await sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM predictions WHERE requested_by = $1',
        [teacher.user.id],
      );
      expect(rows[0].n).toBe(0);
    });

    it('answers 503 with Retry-After when no connection of the main pool frees up in time', async () => {
      const main = api.app.get(DataSource);
      const runners = [main.createQueryRunner(), main.createQueryRunner()];
      try {
        for (const runner of runners) await runner.connect();
        const res = await http().get('/api/students').set(bearer(teacher.accessToken));
        expectUnavailable(res);
      } finally {
        for (const runner of runners) await runner.release();
      }
      await http().get('/api/students').set(bearer(teacher.accessToken)).expect(200);
    });
  });
});
