import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import request from 'supertest';
import { bearer, createUserAndLogin, type LoggedInUser } from './helpers/auth';
import { identityCsv, uniqueTag, upload } from './helpers/import-export';
import { eventually } from './helpers/eventually';
import { startOwnedPostgres, type OwnedPostgres } from './helpers/owned-postgres';
import { createTestApp } from './helpers/test-app';

/**
 * A background import whose database goes away mid-job (a PostgreSQL server this file owns is
 * stopped while the job waits to merge, then started again): the job ends as failed with
 * `database_unavailable` once the database is back, and no student of it was written.
 */
describe('Data import: a background job through a database outage', () => {
  let owned: OwnedPostgres;
  let app: NestExpressApplication;
  let admin: LoggedInUser;

  async function query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: owned.url });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return (await client.query(sql, parameters)).rows as T[];
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  beforeAll(async () => {
    owned = await startOwnedPostgres();
    app = await createTestApp({
      DATABASE_URL: owned.url,
      DB_CONNECT_TIMEOUT_MS: '2000',
      IMPORT_ASYNC_ABOVE_BYTES: '2048',
      IMPORT_JOB_STALE_SECONDS: '300',
    });
    admin = await createUserAndLogin(app, { role: 'administrator' });
  });

  afterAll(async () => {
    await app?.close();
    await owned?.destroy();
  });

  it('ends as failed database_unavailable, with nothing written', async () => {
    const tag = uniqueTag('JO');
    const csv = identityCsv(Array.from({ length: 200 }, (_, i) => ({ first: tag, last: `L${i}` })));
    const blocker = new Client({ connectionString: owned.url });
    blocker.on('error', () => undefined);
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE student_profiles IN SHARE MODE');

    const accepted = await upload(app, admin.accessToken, csv).expect(202);
    const id = accepted.body.import_id as string;
    await eventually(async () => {
      const [{ n }] = await query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      expect(n).toBeGreaterThan(0);
    }, 30_000);
    await owned.stop();
    await blocker.end().catch(() => undefined);
    await owned.start();

    const row = await eventually(async () => {
      const [found] = await query<{ status: string; errors: { code: string }[] }>(
        'SELECT status, errors FROM data_imports WHERE id = $1',
        [id],
      );
      expect(found.status).toBe('failed');
      return found;
    }, 30_000);
    expect(row.errors).toEqual([expect.objectContaining({ code: 'database_unavailable' })]);
    const [{ n }] = await query<{ n: number }>(
      'SELECT count(*)::int AS n FROM student_profiles WHERE first_name = $1',
      [tag],
    );
    expect(n).toBe(0);
    const report = await eventually(
      () =>
        request(app.getHttpServer())
          .get(`/api/data/imports/${id}`)
          .set(bearer(admin.accessToken))
          .expect(200),
      30_000,
    );
    expect(report.body).toMatchObject({ status: 'failed', inserted: 0 });
  });
});
