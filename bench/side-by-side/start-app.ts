import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { BenchServer, startBenchServer } from './bench-server';

const ROOT = join(__dirname, '..', '..');
const BUILD = join(ROOT, '.data', 'bench-build');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Compiles the service as `npm run build` does (without the type check CI makes), into .data/bench-build. */
export function buildApp(): void {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(
    process.execPath,
    [tsc, '-p', 'tsconfig.build.json', '--noCheck', '--outDir', BUILD],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  const passwords = join('src', 'auth', 'password', 'common-passwords.txt');
  mkdirSync(join(BUILD, 'src', 'auth', 'password'), { recursive: true });
  copyFileSync(join(ROOT, passwords), join(BUILD, passwords));
}

/**
 * The service as `npm start` runs it (compiled, or through ts-node when `compiled` is false), on
 * `databaseUrl`, with the demo users and the data set seeded, mail going nowhere, and the
 * per-IP and per-account limits lifted so that a load generator on one address is served.
 * `build` is the compiled service's directory (by default the one buildApp writes).
 */
export async function startApp(
  databaseUrl: string,
  options: { compiled: boolean; log: string; execArgv?: string[]; build?: string },
): Promise<BenchServer> {
  const port = await freePort();
  const build = options.build ?? BUILD;
  const lifted = '1000000';
  return startBenchServer({
    script: options.compiled ? join(build, 'src', 'main.js') : join(ROOT, 'src', 'main.ts'),
    execArgv: [
      ...(options.compiled ? [] : ['-r', 'ts-node/register/transpile-only']),
      // As npm start and the Dockerfile set it (see the README's Performance section).
      '--max-semi-space-size=8',
      ...(options.execArgv ?? []),
    ],
    log: options.log,
    port,
    readyPath: '/health/ready',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      // As npm start and the Dockerfile set it (see the README's Performance section).
      GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=4194304',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      SECRET_KEY: randomBytes(32).toString('base64url'),
      JWT_SECRET_KEY: randomBytes(32).toString('base64url'),
      MAIL_SERVER: '127.0.0.1',
      MAIL_PORT: '9',
      RATE_LIMIT_MAX: lifted,
      AUTH_RATE_LIMIT_IP_MAX: lifted,
      AUTH_RATE_LIMIT_ACCOUNT_MAX: lifted,
    },
  });
}
