import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { isDatabaseUnavailable } from '../src/database/database-unavailable';
import { bearer } from './helpers/auth';
import { eventually } from './helpers/eventually';
import { useHttpApp } from './helpers/http-app';
import { identityCsv, seedRow, upload, uniqueTag } from './helpers/import-export';
import { startOwnedPostgres, type OwnedPostgres } from './helpers/owned-postgres';
import { createTestApp } from './helpers/test-app';

/**
 * The database goes away under the running app (a PostgreSQL server this file owns is stopped
 * and started again on the same port): requests answer 503 `database_unavailable` with
 * Retry-After, readiness names the database, liveness stays up, work cut off mid-way leaves
 * nothing half-written and a failed import is recorded once the database is back, and the app
 * heals by itself.
 */
describe('Database outage', () => {
  let owned: OwnedPostgres;
  const figures: Record<string, string> = {};

  beforeAll(async () => {
    owned = await startOwnedPostgres();
  });

  const api = useHttpApp({
    env: () => ({ DATABASE_URL: owned.url, DB_CONNECT_TIMEOUT_MS: '2000' }),
    users: { admin: 'administrator' },
  });
  const { http } = api;
  const { admin } = api.users;

  async function withOwned<T>(run: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: owned.url });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async function count(sql: string, parameters: unknown[] = []): Promise<number> {
    return withOwned(async (client) => {
      const { rows } = await client.query<{ n: number }>(sql, parameters);
      return rows[0].n;
    });
  }

  /**
   * A session of the test holding `lockSql` in an open transaction, so that the app's work
   * blocks at a known point; resolves once the app's session waits on it.
   */
  async function blockAppOn(lockSql: string): Promise<Client> {
    const blocker = new Client({ connectionString: owned.url });
    blocker.on('error', () => undefined);
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query(lockSql);
    return blocker;
  }

  async function appWaitsOnLock(blocker: Client): Promise<void> {
    const pid = (blocker as unknown as { processID: number }).processID;
    await eventually(async () => {
      const n = await count(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> $1`,
        [pid],
      );
      expect(n).toBeGreaterThan(0);
    }, 30_000);
  }

  afterEach(async () => {
    await owned.start();
  });

  afterAll(async () => {
    await owned?.destroy();
    // Figures of this run: how fast the outage is reported and how fast the app heals.
    console.info(`Database outage figures: ${JSON.stringify(figures)}`);
  });

  it('answers 503 database_unavailable while the database is down and heals without a restart', async () => {
    // Several pooled connections open before the outage: none of them may be reused dead. (On a
    // busy machine opening eight at once can pass the 2 s connect timeout: try again until all
    // eight answer together.)
    await eventually(() =>
      Promise.all(
        Array.from({ length: 8 }, () =>
          http().get('/api/students').set(bearer(admin.accessToken)).expect(200),
        ),
      ),
    );
    await owned.stop();

    const started = Date.now();
    const down = await http().get('/api/students').set(bearer(admin.accessToken)).expect(503);
    figures.first503Ms = String(Date.now() - started);
    expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(down.body).toMatchObject({
      status: 503,
      code: 'database_unavailable',
      type: 'urn:problem:database-unavailable',
    });
    expect(Number(down.headers['retry-after'])).toBeGreaterThan(0);

    const ready = await http().get('/health/ready').expect(503);
    expect(ready.body.code).toBe('not_ready');
    expect(ready.body.checks.database.status).toBe('down');
    expect(ready.body.checks.database.message).toEqual(expect.any(String));
    expect(ready.body.checks.model.status).toBe('up');
    expect(ready.body.detail).toMatch(/database is down/);
    await http().get('/health/live').expect(200);

    await owned.start();
    const back = Date.now();
    let attempts = 0;
    await eventually(async () => {
      attempts += 1;
      await http().get('/api/students').set(bearer(admin.accessToken)).expect(200);
    });
    figures.recoveryAttempts = String(attempts);
    figures.recoveryMs = String(Date.now() - back);
    await http().get('/health/ready').expect(200);
    // No dead connection was kept: requests in parallel (several pooled clients) all succeed.
    const statuses = await Promise.all(
      Array.from({ length: 12 }, () =>
        http()
          .get('/api/students')
          .set(bearer(admin.accessToken))
          .then((res) => res.status),
      ),
    );
    expect(statuses).toEqual(Array.from({ length: 12 }, () => 200));
  });

  it('answers 503 to a login during the outage, not 401 or 500', async () => {
    await owned.stop();
    const res = await http()
      .post('/api/auth/login')
      .send({ email: admin.user.email, password: admin.password })
      .expect(503);
    expect(res.body.code).toBe('database_unavailable');
    await owned.start();
    await eventually(async () => {
      await http()
        .post('/api/auth/login')
        .send({ email: admin.user.email, password: admin.password })
        .expect(200);
    });
  });

  it('a batch prediction cut off mid-way answers 503 and stores no prediction', async () => {
    const tag = uniqueTag('B');
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      first: tag,
      last: `L${i}`,
      data: seedRow(i),
    }));
    await upload(api.app, admin.accessToken, identityCsv(rows)).expect(201);
    const ids = await withOwned(async (client) => {
      const result = await client.query<{ student_id: string }>(
        'SELECT student_id FROM student_profiles WHERE first_name = $1',
        [tag],
      );
      return result.rows.map((r) => r.student_id);
    });
    expect(ids).toHaveLength(3000);
    const stored = `SELECT count(*)::int AS n FROM predictions p
      JOIN student_profiles s ON s.id = p.student_profile_id WHERE s.first_name = $1`;
    expect(await count(stored, [tag])).toBe(0);

    // Readers pass, writers of predictions wait: the batch blocks when it stores its results.
    const blocker = await blockAppOn('LOCK TABLE predictions IN SHARE MODE');
    const batch = http()
      .post('/api/predictions/batch')
      .set(bearer(admin.accessToken))
      .send({ student_ids: ids })
      .then((res) => res);
    await appWaitsOnLock(blocker);
    const stopped = Date.now();
    await owned.stop();
    const res = await batch;
    figures.batchCutOff503Ms = String(Date.now() - stopped);
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('database_unavailable');
    await blocker.end().catch(() => undefined);

    await owned.start();
    expect(await eventually(() => count(stored, [tag]))).toBe(0);
  });

  it('an import cut off mid-way answers 503, writes no student and is recorded as failed once the database is back', async () => {
    const tag = uniqueTag('I');
    const rows = Array.from({ length: 50_000 }, (_, i) => ({
      first: tag,
      last: `L${i}`,
      data: seedRow(i % 5000),
    }));
    const studentsBefore = await count('SELECT count(*)::int AS n FROM student_profiles');
    const importsBefore = await count(
      `SELECT count(*)::int AS n FROM data_imports WHERE status = 'failed'`,
    );

    // The file is read and copied into staging; merging into student_profiles waits here.
    const blocker = await blockAppOn('LOCK TABLE student_profiles IN SHARE MODE');
    const importing = upload(api.app, admin.accessToken, identityCsv(rows), {
      fileName: `${tag}.csv`,
      key: `outage-${tag}`,
    }).then((res) => res);
    await appWaitsOnLock(blocker);
    await owned.stop();
    const res = await importing;
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('database_unavailable');
    await blocker.end().catch(() => undefined);

    await owned.start();
    const failed = await eventually(async () => {
      const found = await withOwned((client) =>
        client.query<{
          id: string;
          status: string;
          rows_total: number;
          inserted: number;
          errors: { code: string; message: string }[];
          idempotency_key: string | null;
        }>('SELECT * FROM data_imports WHERE file_name = $1', [`${tag}.csv`]),
      );
      expect(found.rows).toHaveLength(1);
      return found.rows[0];
    }, 30_000);
    expect(failed).toMatchObject({
      status: 'failed',
      rows_total: 0,
      inserted: 0,
      idempotency_key: null,
      errors: [expect.objectContaining({ code: 'database_unavailable' })],
    });
    expect(await count('SELECT count(*)::int AS n FROM student_profiles')).toBe(studentsBefore);
    expect(
      await count('SELECT count(*)::int AS n FROM student_profiles WHERE first_name = $1', [tag]),
    ).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM data_imports WHERE status = 'failed'`)).toBe(
      importsBefore + 1,
    );
    const audit = await withOwned((client) =>
      client.query<{ outcome: string; actor_id: string; details: Record<string, unknown> }>(
        `SELECT outcome, actor_id, details FROM audit_logs
         WHERE action = 'data.import' AND target_type = 'data_import' AND target_id = $1`,
        [failed.id],
      ),
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({
      outcome: 'failure',
      actor_id: admin.user.id,
      details: expect.objectContaining({ status: 'failed', error: 'database_unavailable' }),
    });

    // The report is readable through the API, and the same key may try again.
    const report = await http()
      .get(`/api/data/imports/${failed.id}`)
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(report.body.status).toBe('failed');
    expect(report.body.errors[0].code).toBe('database_unavailable');
  });

  it('an export answers 503 when the database is down before it starts, and is cut off (never complete-looking) when it goes away mid-stream', async () => {
    await owned.stop();
    const refused = await http()
      .get('/api/data/export')
      .query({ format: 'csv' })
      .set(bearer(admin.accessToken))
      .expect(503);
    expect(refused.body.code).toBe('database_unavailable');
    await owned.start();

    const tag = uniqueTag('E');
    const rows = Array.from({ length: 1_000 }, (_, i) => ({
      first: tag,
      last: `L${i}`,
      data: seedRow(i),
    }));
    await eventually(async () => {
      await upload(api.app, admin.accessToken, identityCsv(rows)).expect(201);
    });

    // PostgreSQL writes an export's rows as fast as the sockets take them, so a slow reader alone
    // does not keep the database busy: a lock holds the export's COPY after the response and its
    // header line have gone out, and the server stops while the rows are still to come.
    const blocker = await blockAppOn('LOCK TABLE student_profiles IN ACCESS EXCLUSIVE MODE');
    const server = api.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await new Promise<IncomingMessage>((resolve, reject) => {
        get(
          {
            host: '127.0.0.1',
            port,
            path: '/api/data/export?format=csv',
            headers: bearer(admin.accessToken),
          },
          resolve,
        ).on('error', reject);
      });
      expect(response.statusCode).toBe(200);
      // Listening from the start: the server may cut the transfer while the database stops.
      let received = 0;
      const ended = new Promise<{ complete: boolean; error: boolean }>((resolve) => {
        let error = false;
        response.on('data', (chunk: Buffer) => (received += chunk.length));
        response.on('error', () => (error = true));
        response.on('close', () => resolve({ complete: response.complete, error }));
      });
      await appWaitsOnLock(blocker);
      await owned.stop();
      await blocker.end().catch(() => undefined);
      const outcome = await ended;
      // The transfer ends without its final chunk: the client knows the file is truncated.
      expect(outcome.complete).toBe(false);
      expect(received).toBeGreaterThan(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('when the database is frozen (no answer at all): readiness names it, a request on a pooled connection answers 503 instead of hanging, and both recover', async () => {
    // An app with a short statement timeout: the client gives up a little after it.
    const strict = await createTestApp({
      DATABASE_URL: owned.url,
      DB_CONNECT_TIMEOUT_MS: '1000',
      DB_STATEMENT_TIMEOUT_MS: '1000',
    });
    const strictHttp = () => request(strict.getHttpServer());
    // Its pool holds open connections before the freeze.
    await strictHttp().get('/api/students').set(bearer(admin.accessToken)).expect(200);
    // The owned server's processes (postmaster and its children), to pause and resume them.
    const dataDir = await withOwned(async (client) => {
      const { rows } = await client.query<{ setting: string }>(
        `SELECT setting FROM pg_settings WHERE name = 'data_directory'`,
      );
      return rows[0].setting;
    });
    const postmaster = Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
    await http().get('/health/ready').expect(200);
    const paused = [postmaster];
    try {
      // The postmaster first, so that it forks no new session; then every session and worker.
      process.kill(postmaster, 'SIGSTOP');
      const children = execFileSync('pgrep', ['-P', String(postmaster)])
        .toString()
        .trim()
        .split('\n')
        .map(Number);
      for (const pid of children) {
        process.kill(pid, 'SIGSTOP');
        paused.push(pid);
      }
      const ready = await http().get('/health/ready').expect(503);
      expect(ready.body.checks.database).toEqual({
        status: 'down',
        message: expect.stringMatching(/^no answer within \d+ ms$/),
      });
      await http().get('/health/live').expect(200);
      const frozen = await strictHttp()
        .get('/api/students')
        .set(bearer(admin.accessToken))
        .expect(503);
      expect(frozen.body.code).toBe('database_unavailable');
      expect(Number(frozen.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      for (const pid of paused) process.kill(pid, 'SIGCONT');
    }
    await eventually(async () => {
      await http().get('/health/ready').expect(200);
      await strictHttp().get('/api/students').set(bearer(admin.accessToken)).expect(200);
    });
    await strict.close();
  });

  describe('errors of a real server', () => {
    it('a statement timeout, a terminated session and a stopped server are unavailability; a bad query is not', async () => {
      const timedOut = await withOwned(async (client) => {
        await client.query(`SET statement_timeout = '50ms'`);
        return client.query('SELECT pg_sleep(2)').then(
          () => undefined,
          (error: unknown) => error,
        );
      });
      expect((timedOut as { code?: string }).code).toBe('57014');
      expect(isDatabaseUnavailable(timedOut)).toBe(true);

      const idle = await withOwned(async (client) => {
        await client.query(`SET idle_in_transaction_session_timeout = '50ms'`);
        await client.query('BEGIN');
        await new Promise((resolve) => setTimeout(resolve, 300));
        return client.query('SELECT 1').then(
          () => undefined,
          (error: unknown) => error,
        );
      });
      expect(isDatabaseUnavailable(idle)).toBe(true);

      const bad = await withOwned((client) =>
        client.query('SELECT * FROM no_such_table').then(
          () => undefined,
          (error: unknown) => error,
        ),
      );
      expect((bad as { code?: string }).code).toBe('42P01');
      expect(isDatabaseUnavailable(bad)).toBe(false);

      const victim = new Client({ connectionString: owned.url });
      const victimErrors: unknown[] = [];
      victim.on('error', (error) => victimErrors.push(error));
      await victim.connect();
      const running = victim.query('SELECT pg_sleep(10)').then(
        () => undefined,
        (error: unknown) => error,
      );
      await eventually(async () => {
        expect(
          await count(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(10)' AND state = 'active'`,
          ),
        ).toBe(1);
      });
      await owned.stop();
      const cut = await running;
      expect(isDatabaseUnavailable(cut)).toBe(true);
      const refused = await new Client({ connectionString: owned.url }).connect().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isDatabaseUnavailable(refused)).toBe(true);
      await victim.end().catch(() => undefined);
    });
  });
});
