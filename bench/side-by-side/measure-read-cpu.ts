/**
 * CPU time the service spends per authenticated read, GET /api/students/{id} as the reads
 * benchmark sends it (the teacher's token, random ids, 16 connections):
 *
 *   npx ts-node --transpile-only bench/side-by-side/measure-read-cpu.ts [--requests N] [--rounds R] [--no-build] [--build DIR]...
 *
 * Each `--build` names a compiled service directory (default: the one buildApp writes, built
 * first unless --no-build); with several, the rounds alternate between them, so that a shared,
 * noisy machine weighs on each alike. Every round starts the service on a scratch database with
 * the data set, warms it up, then reads the process's user + system CPU time from /proc around
 * a fixed number of requests: wall time and throughput do not enter the figure.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Pool } from 'pg';
import { createTestDatabase } from '../../test/setup/test-database';
import { login } from './bench-http';
import { buildApp, startApp } from './start-app';
import { studentIds } from './with-bench-context';

/** User + system CPU time of process `pid` in microseconds, from /proc/<pid>/stat (Linux). */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces: the fields counted here follow its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return (ticks * 1e6) / 100; // USER_HZ is 100 on Linux
}

async function reads(base: string, ids: string[], token: string, amount: number) {
  const result = await autocannon({
    url: base,
    connections: 16,
    amount,
    headers: { authorization: `Bearer ${token}` },
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          path: `/api/students/${ids[Math.floor(Math.random() * ids.length)]}`,
        }),
      },
    ],
  });
  if (result['2xx'] !== amount) {
    throw new Error(`${result['2xx']} of ${amount} reads answered 2xx`);
  }
}

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

async function main(): Promise<void> {
  const requests = option('--requests', 20_000);
  const rounds = option('--rounds', 3);
  const builds = process.argv.flatMap((arg, i) => (process.argv[i - 1] === '--build' ? [arg] : []));
  if (builds.length === 0 && !process.argv.includes('--no-build')) buildApp();
  const targets: (string | undefined)[] = builds.length > 0 ? builds : [undefined];
  if (process.env.BENCH_DATABASE_URL)
    process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  const database = await createTestDatabase();
  const dir = await mkdtemp(join(tmpdir(), 'read-cpu-'));
  const figures = new Map<string, number[]>();
  try {
    for (let round = 0; round < rounds; round++) {
      for (const build of targets) {
        const name = build ?? 'default build';
        const app = await startApp(database.url, {
          compiled: true,
          log: join(dir, 'app.log'),
          build,
        });
        try {
          const pool = new Pool({ connectionString: database.url, max: 1 });
          const ids = await studentIds(pool).finally(() => pool.end());
          const teacher = await login(app.base, 'teacher1@school.edu', 'Teacher123!');
          await reads(app.base, ids, teacher.token, Math.max(2_000, requests / 4));
          const before = cpuMicros(app.pid);
          await reads(app.base, ids, teacher.token, requests);
          const perRequest = (cpuMicros(app.pid) - before) / requests;
          const list = figures.get(name) ?? [];
          list.push(perRequest);
          figures.set(name, list);
          console.log(`${name}: round ${round + 1}, ${perRequest.toFixed(1)} CPU µs per read`);
        } finally {
          await app.stop();
        }
      }
    }
  } finally {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
  for (const [name, list] of figures) {
    const sorted = [...list].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    const all = list.map((v) => v.toFixed(1)).join(', ');
    console.log(`${name}: median ${median.toFixed(1)} CPU µs per read (${all})`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
