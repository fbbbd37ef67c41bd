import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import { MIGRATIONS_LOCK_SQL } from '../src/database/run-migrations-locked';
import { createTestApp } from './helpers/test-app';
import { createEmptyDatabase } from './lifecycle/lifecycle-helpers';

const migrationFiles = readdirSync(join(__dirname, '..', 'migrations')).filter((f) =>
  /\.ts$/.test(f),
);

/** pg_locks rows of the migrations lock on this database (a bigint key: classid, objid). */
const migrationsLock = `l.locktype = 'advisory' AND l.objsubid = 1
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND ((l.classid::bigint << 32) | l.objid::bigint) = (${MIGRATIONS_LOCK_SQL})::bigint`;

describe('Migrations under an advisory lock', () => {
  let database: { url: string; drop: () => Promise<void> };
  const apps: NestExpressApplication[] = [];

  beforeAll(async () => {
    database = await createEmptyDatabase('race');
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await database.drop();
  });

  it('two instances started at once on an empty database both start, and each migration runs once', async () => {
    // Hold the migrations lock so that both instances reach it before either migrates: they
    // must both wait on it, then migrate one after the other.
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(${MIGRATIONS_LOCK_SQL})`);
    const starting = Promise.allSettled([
      createTestApp({ DATABASE_URL: database.url }),
      createTestApp({ DATABASE_URL: database.url }),
    ]);
    try {
      let waiting = 0;
      while (waiting < 2) {
        await new Promise((r) => setTimeout(r, 100));
        const { rows } = await holder.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_locks l WHERE ${migrationsLock} AND NOT l.granted`,
        );
        waiting = rows[0].waiting;
      }
    } finally {
      await holder.query(`SELECT pg_advisory_unlock(${MIGRATIONS_LOCK_SQL})`);
      await holder.end();
    }
    const started = await starting;
    for (const result of started) if (result.status === 'fulfilled') apps.push(result.value);
    expect(started.map((r) => (r.status === 'rejected' ? String(r.reason) : 'started'))).toEqual([
      'started',
      'started',
    ]);

    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; times: number }>(
        'SELECT name, count(*)::int AS times FROM schema_migrations GROUP BY name ORDER BY name',
      );
      expect(rows).toHaveLength(migrationFiles.length);
      expect(rows.filter((row) => row.times !== 1)).toEqual([]);
      // Nobody holds the lock any more.
      const held = await client.query(`SELECT 1 FROM pg_locks l WHERE ${migrationsLock}`);
      expect(held.rowCount).toBe(0);
    } finally {
      await client.end();
    }
  });
});
