import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/database/embedded-postgres';

/**
 * A PostgreSQL server that one test file owns (the embedded binaries, in a temporary folder),
 * so a fault test can stop it mid-request and start it again on the same port and data. The
 * run's shared database is never touched.
 */
export interface OwnedPostgres {
  /** A migrated database of this server's, made for the test. */
  url: string;
  /** The server's admin URL (database `postgres`). */
  adminUrl: string;
  /** Fast shutdown: open sessions are terminated, new connections refused. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Another empty database on this server (migrated when `migrate` is true). */
  createDatabase(name: string, migrate?: boolean): Promise<string>;
  /** Stops the server and removes its files. */
  destroy(): Promise<void>;
}

export async function createDatabaseOn(
  adminUrl: string,
  name: string,
  migrate: boolean,
): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  if (migrate) {
    const dataSource = new DataSource(dataSourceOptions(url));
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await dataSource.destroy();
    }
  }
  return url;
}

export async function startOwnedPostgres(): Promise<OwnedPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'spp-owned-pg-'));
  // As root the server runs as the unprivileged postgres user, who must reach its data folder.
  await chmod(dir, 0o755);
  const server: EmbeddedServer = await startEmbeddedPostgres(join(dir, 'data'));
  let running = true;
  const url = await createDatabaseOn(server.url, 'owned', true);
  return {
    url,
    adminUrl: server.url,
    stop: async () => {
      if (!running) return;
      await server.stop();
      running = false;
    },
    start: async () => {
      if (running) return;
      await server.restart();
      running = true;
    },
    createDatabase: (name, migrate = true) => createDatabaseOn(server.url, name, migrate),
    destroy: async () => {
      if (running) await server.stop();
      running = false;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
