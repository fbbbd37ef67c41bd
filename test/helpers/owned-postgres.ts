import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';

/** The embedded server, driven in a child process (see owned-postgres-process.ts). */
interface ServerProcess {
  url: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  exit(): Promise<void>;
}

async function startServerProcess(dataDir: string): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      join(__dirname, 'owned-postgres-process.ts'),
      dataDir,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } },
  );
  const waiting: ((message: { ok: boolean; url?: string; error?: string }) => void)[] = [];
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.startsWith('@@owned ')) waiting.shift()?.(JSON.parse(line.slice(8)));
    }
  });
  child.on('exit', () => {
    for (const answer of waiting.splice(0))
      answer({ ok: false, error: 'the server process exited' });
  });
  const next = () =>
    new Promise<{ ok: boolean; url?: string; error?: string }>((resolve) => waiting.push(resolve));
  let queue: Promise<unknown> = Promise.resolve();
  const command = (line: string): Promise<void> => {
    const run = queue.then(async () => {
      const answer = next();
      child.stdin.write(`${line}\n`);
      const message = await answer;
      if (!message.ok) throw new Error(`owned PostgreSQL ${line} failed: ${message.error}`);
    });
    queue = run.catch(() => undefined);
    return run;
  };
  const started = await next();
  if (!started.ok || !started.url) {
    child.kill();
    throw new Error(`owned PostgreSQL did not start: ${started.error}`);
  }
  return {
    url: started.url,
    stop: () => command('stop'),
    restart: () => command('restart'),
    exit: async () => {
      await command('exit').catch(() => undefined);
      child.stdin.end();
    },
  };
}

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
  const server = await startServerProcess(join(dir, 'data'));
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
      await server.exit();
      running = false;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
