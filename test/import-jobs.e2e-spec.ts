import { randomUUID } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Workbook } from 'exceljs';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { HEAVY_WORK_LOCK_KEYS } from '../src/database/heavy-work-limiter';
import { bearer, createUserAndLogin, LoggedInUser } from './helpers/auth';
import { identityCsv, uniqueTag, upload } from './helpers/import-export';
import { createTestApp } from './helpers/test-app';

// Imports as background jobs: 202 at once, progress any instance reads, the same final report
// as an import in its request, idempotency, the queue limit, and jobs whose server stopped.

/** Files above 2 KiB are jobs; one import place; a job is stale after 3 s without a write. */
const ENV = {
  IMPORT_ASYNC_ABOVE_BYTES: '2048',
  IMPORT_JOB_STALE_SECONDS: '3',
  IMPORT_JOBS_MAX_QUEUED: '1',
  MAX_CONCURRENT_IMPORTS: '1',
  HEAVY_WORK_RETRY_AFTER_SECONDS: '3',
};

const ACTIVE = ['queued', 'running'];

function rows(tag: string, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    id: `${tag}-${i}`,
    first: tag,
    last: `L${i}`,
  }));
}

async function until<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 40_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

describe('Data import: background jobs', () => {
  let app: NestExpressApplication;
  let other: NestExpressApplication;
  let db: DataSource;
  let admin: LoggedInUser;
  let otherAdmin: LoggedInUser;

  beforeAll(async () => {
    app = await createTestApp(ENV);
    other = await createTestApp(ENV);
    db = app.get(DataSource);
    admin = await createUserAndLogin(app, { role: 'administrator' });
    otherAdmin = await createUserAndLogin(other, { role: 'administrator' });
  });

  afterAll(async () => {
    await other?.close();
    await app?.close();
  });

  function getJob(on: NestExpressApplication, token: string, id: string) {
    return request(on.getHttpServer())
      .get(`/api/data/imports/${id}`)
      .set(bearer(token))
      .expect(200)
      .then((res) => res.body as Record<string, unknown> & { status: string });
  }

  function finished(on: NestExpressApplication, token: string, id: string) {
    return until(
      `import ${id} to end`,
      () => getJob(on, token, id),
      (job) => !ACTIVE.includes(job.status),
    );
  }

  /** A connection of the test's own, holding a lock inside an open transaction. */
  async function holding(sql: string, parameters: unknown[] = []): Promise<Client> {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query('BEGIN');
    await client.query(sql, parameters);
    return client;
  }

  async function release(client: Client): Promise<void> {
    await client.query('COMMIT');
    await client.end();
  }

  /** Holds the one import place across the service (slot 0 of the import lane). */
  const holdImportPlace = () =>
    holding('SELECT pg_advisory_xact_lock($1::int, 0)', [HEAVY_WORK_LOCK_KEYS.import]);

  async function countNamed(firstName: string): Promise<number> {
    const [{ n }] = await db.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM student_profiles WHERE first_name = $1',
      [firstName],
    );
    return n;
  }

  it('answers 202 at once with the queued job, which then ends as the report an import in its request gives', async () => {
    const tag = uniqueTag('J');
    const csv = identityCsv(rows(tag, 6));
    expect(Buffer.byteLength(csv)).toBeLessThan(2048);
    const preview = await upload(app, admin.accessToken, csv, {
      query: { dry_run: 'true' },
    }).expect(200);

    const place = await holdImportPlace();
    let accepted: request.Response;
    try {
      accepted = await upload(app, admin.accessToken, csv, { query: { async: 'true' } })
        .set('User-Agent', 'job-submitter/1.0')
        .expect(202);
      expect(accepted.body).toMatchObject({
        status: 'queued',
        started_at: null,
        phase: null,
        rows_read: null,
      });
      expect(accepted.headers.location).toBe(`/api/data/imports/${accepted.body.import_id}`);
      expect(accepted.headers['retry-after']).toBe('2');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const waiting = await getJob(app, admin.accessToken, accepted.body.import_id as string);
      expect(waiting.status).toBe('queued');
    } finally {
      await release(place);
    }

    const report = await finished(app, admin.accessToken, accepted.body.import_id as string);
    const outcome = (r: Record<string, unknown>) => ({
      status: r.status,
      rows_total: r.rows_total,
      inserted: r.inserted,
      updated: r.updated,
      unchanged: r.unchanged,
      skipped: r.skipped,
      error_count: r.error_count,
      errors: r.errors,
      warnings: r.warnings,
      columns: r.columns,
    });
    expect(outcome(report)).toEqual(outcome(preview.body as Record<string, unknown>));
    expect(report).toMatchObject({
      status: 'completed',
      inserted: 6,
      dry_run: false,
      replayed: false,
    });
    expect(typeof report.started_at).toBe('string');
    expect(typeof report.completed_at).toBe('string');
    expect(report).toMatchObject({ rows_read: 6, bytes_read: Buffer.byteLength(csv) });
    expect(await countNamed(tag)).toBe(6);

    const [audit] = await db.query<Record<string, unknown>[]>(
      `SELECT outcome, details, user_agent, request_id FROM audit_logs
        WHERE action = 'data.import' AND target_id = $1`,
      [report.import_id],
    );
    // Written after the request ended, with the submitting request's context read at submit.
    expect(audit).toMatchObject({
      outcome: 'success',
      details: { job: true, inserted: 6 },
      user_agent: 'job-submitter/1.0',
      request_id: accepted.headers['x-request-id'],
    });
  });

  it('writes progress another instance reads, with the last update time moving while the database works', async () => {
    const tag = uniqueTag('J');
    const csv = identityCsv(rows(tag, 400));
    // The students table taken: the job reads and checks the whole file, then waits to merge.
    const table = await holding('LOCK TABLE student_profiles IN EXCLUSIVE MODE');
    let id: string;
    try {
      const accepted = await upload(app, admin.accessToken, csv).expect(202);
      id = accepted.body.import_id as string;
      const read = await until(
        'the file read',
        () => getJob(other, otherAdmin.accessToken, id),
        (job) => job.rows_read === 400,
      );
      expect(read.status).toBe('running');
      expect(read).toMatchObject({ bytes_read: Buffer.byteLength(csv), rows_read: 400 });
      expect(['read', 'check', 'load', 'merge']).toContain(read.phase);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const later = await getJob(other, otherAdmin.accessToken, id);
      expect(later.status).toBe('running');
      expect(Date.parse(later.updated_at as string)).toBeGreaterThan(
        Date.parse(read.updated_at as string),
      );
    } finally {
      await release(table);
    }
    const report = await finished(other, otherAdmin.accessToken, id);
    expect(report).toMatchObject({ status: 'completed', rows_total: 400, inserted: 400 });
    expect(await countNamed(tag)).toBe(400);
  });

  it('makes a file above IMPORT_ASYNC_ABOVE_BYTES a job even with async=false; a small one is imported in its request', async () => {
    const small = uniqueTag('J');
    await upload(app, admin.accessToken, identityCsv(rows(small, 2))).expect(201);
    expect(await countNamed(small)).toBe(2);

    const large = uniqueTag('J');
    const accepted = await upload(app, admin.accessToken, identityCsv(rows(large, 40)), {
      query: { async: 'false' },
    }).expect(202);
    expect(ACTIVE).toContain(accepted.body.status);
    const report = await finished(app, admin.accessToken, accepted.body.import_id as string);
    expect(report).toMatchObject({ status: 'completed', inserted: 40 });
  });

  it('ends a job with rows in error as rejected, with the problems an import in its request reports', async () => {
    const tag = uniqueTag('J');
    const csv = identityCsv([...rows(tag, 4), { id: `${tag}-bad`, first: tag, age: '1' }]);
    expect(Buffer.byteLength(csv)).toBeLessThan(2048);
    const sync = await upload(app, admin.accessToken, csv, { query: { dry_run: 'true' } }).expect(
      422,
    );
    const accepted = await upload(app, admin.accessToken, csv, { query: { async: 'true' } }).expect(
      202,
    );
    const report = await finished(app, admin.accessToken, accepted.body.import_id as string);
    expect(report).toMatchObject({ status: 'rejected', inserted: 0, skipped: 5 });
    expect(report.error_count).toBe(sync.body.error_count);
    expect((report.errors as { row: number; code: string }[]).map((e) => [e.row, e.code])).toEqual(
      (sync.body.errors as { row: number; code: string }[]).map((e) => [e.row, e.code]),
    );
    expect(await countNamed(tag)).toBe(0);
  });

  it('returns the same job for a repeated Idempotency-Key, and refuses the key for other content', async () => {
    const tag = uniqueTag('J');
    const key = randomUUID();
    const csv = identityCsv(rows(tag, 30));
    const place = await holdImportPlace();
    let id: string;
    try {
      const first = await upload(app, admin.accessToken, csv, { key }).expect(202);
      id = first.body.import_id as string;
      const again = await upload(app, admin.accessToken, csv, { key }).expect(200);
      expect(again.body).toMatchObject({ import_id: id, status: 'queued', replayed: true });
      const reused = await upload(app, admin.accessToken, identityCsv(rows(tag, 31)), {
        key,
      }).expect(422);
      expect(reused.body).toMatchObject({ code: 'idempotency_key_reused', import_id: id });
    } finally {
      await release(place);
    }
    await finished(app, admin.accessToken, id);
    const done = await upload(app, admin.accessToken, csv, { key }).expect(200);
    expect(done.body).toMatchObject({ import_id: id, status: 'completed', replayed: true });
    expect(await countNamed(tag)).toBe(30);
  });

  it('refuses a new job with 429 when IMPORT_JOBS_MAX_QUEUED already wait', async () => {
    const tag = uniqueTag('J');
    const place = await holdImportPlace();
    let waitingId: string;
    try {
      const waiting = await upload(app, admin.accessToken, identityCsv(rows(tag, 30))).expect(202);
      waitingId = waiting.body.import_id as string;
      // The job tried its place across the service, found it taken and waits in the queue.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const refused = await upload(app, admin.accessToken, identityCsv(rows(`${tag}x`, 30))).expect(
        429,
      );
      expect(refused.body).toMatchObject({ code: 'heavy_work_limit', lane: 'import' });
      expect(refused.headers['retry-after']).toBe('3');
      expect((await getJob(app, admin.accessToken, waiting.body.import_id as string)).status).toBe(
        'queued',
      );
    } finally {
      await release(place);
    }
    // Once the place is free the waiting job runs (and leaves the import place to the next test).
    expect(await finished(app, admin.accessToken, waitingId)).toMatchObject({ inserted: 30 });
  });

  it('imports an XLSX workbook above the threshold as a job', async () => {
    const tag = uniqueTag('J');
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('Roster');
    for (const line of identityCsv(rows(tag, 5)).trimEnd().split('\n')) {
      sheet.addRow(
        line.split(',').map((cell) => (/^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell || null)),
      );
    }
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(xlsx.length).toBeGreaterThan(2048);
    const accepted = await upload(app, admin.accessToken, xlsx, { fileName: 'roster.xlsx' }).expect(
      202,
    );
    const report = await finished(app, admin.accessToken, accepted.body.import_id as string);
    expect(report).toMatchObject({ status: 'completed', rows_total: 5, inserted: 5 });
    expect(await countNamed(tag)).toBe(5);
  });

  async function staleJob(tag: string): Promise<string> {
    const [{ id }] = await db.query<{ id: string }[]>(
      `INSERT INTO data_imports (created_by, file_name, file_hash, file_size, idempotency_key, mode, status,
                                 started_at, updated_at, phase, bytes_read, rows_read, phase_done, phase_total)
       VALUES ($1, $2, repeat('0', 64), 1000, $3, 'atomic', 'running',
               now() - interval '1 hour', now() - interval '1 hour', 'read', 500, 10, 500, 1000)
       RETURNING id`,
      [admin.user.id, `${tag}.csv`, `${tag}-key`],
    );
    return id;
  }

  it('shows a job whose server stopped writing progress as failed import_interrupted, audited', async () => {
    const tag = uniqueTag('J');
    const id = await staleJob(tag);
    const report = await getJob(other, otherAdmin.accessToken, id);
    expect(report).toMatchObject({ status: 'failed', error_count: 1, inserted: 0 });
    expect(report.errors).toEqual([
      expect.objectContaining({ code: 'import_interrupted', row: 1 }),
    ]);
    expect(typeof report.completed_at).toBe('string');
    const [row] = await db.query<{ idempotency_key: string | null }[]>(
      'SELECT idempotency_key FROM data_imports WHERE id = $1',
      [id],
    );
    expect(row.idempotency_key).toBeNull();
    const audits = await db.query<{ outcome: string; details: Record<string, unknown> }[]>(
      `SELECT outcome, details FROM audit_logs WHERE action = 'data.import' AND target_id = $1`,
      [id],
    );
    expect(audits).toEqual([
      expect.objectContaining({
        outcome: 'failure',
        details: expect.objectContaining({ error: 'import_interrupted' }),
      }),
    ]);
  });

  it('ends stale jobs in a periodic sweep, without anyone reading them', async () => {
    const id = await staleJob(uniqueTag('J'));
    const status = await until(
      'the sweep',
      async () =>
        (
          await db.query<{ status: string }[]>('SELECT status FROM data_imports WHERE id = $1', [
            id,
          ])
        )[0].status,
      (s) => s === 'failed',
    );
    expect(status).toBe('failed');
  });

  it('on shutdown ends a running job as interrupted, and nothing of it is imported', async () => {
    const stopping = await createTestApp(ENV);
    const stopper = await createUserAndLogin(stopping, { role: 'administrator' });
    const tag = uniqueTag('J');
    const table = await holding('LOCK TABLE student_profiles IN EXCLUSIVE MODE');
    let id: string;
    try {
      const accepted = await upload(
        stopping,
        stopper.accessToken,
        identityCsv(rows(tag, 40)),
      ).expect(202);
      id = accepted.body.import_id as string;
      await until(
        'the file read',
        () => getJob(app, admin.accessToken, id),
        (job) => job.rows_read === 40,
      );
      await stopping.close();
    } finally {
      await release(table);
    }
    // Read from the database: the last app created serves every app's sign-in strategy.
    const [row] = await db.query<{ status: string; errors: { code: string }[] }[]>(
      'SELECT status, errors FROM data_imports WHERE id = $1',
      [id],
    );
    expect(row.status).toBe('failed');
    expect(row.errors).toEqual([expect.objectContaining({ code: 'import_interrupted' })]);
    expect(await countNamed(tag)).toBe(0);
  });
});
