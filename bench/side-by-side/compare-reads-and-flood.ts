/**
 * The read path and the login flood only, repeated, for before/after comparisons on a shared
 * machine:
 *
 *   npx ts-node --transpile-only bench/side-by-side/compare-reads-and-flood.ts [--repeat 3] [--seconds 5] [--no-build] [--no-flood]
 *
 * On a scratch database with the data set (5,607 students), the service compiled as npm start
 * runs it and the bare server beside it. Prints every run, the medians and the load average
 * before and after.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../test/setup/test-database';
import { benchOptions } from './bench-options';
import type { Figure } from './bench-figure';
import { measureLoginFlood } from './measure-login-flood';
import { measureReads } from './measure-reads';
import { buildApp } from './start-app';
import { withBenchContext } from './with-bench-context';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const repeat = argument('--repeat', 3);
  const options = benchOptions(['--seconds', String(argument('--seconds', 5))]);
  options.quick = false;
  if (process.env.BENCH_DATABASE_URL)
    process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  if (!process.argv.includes('--no-build')) buildApp();
  const withFlood = !process.argv.includes('--no-flood');
  const database = await createTestDatabase();
  const dir = await mkdtemp(join(tmpdir(), 'compare-reads-'));
  const loadBefore = load();
  const reads: Figure[] = [];
  const floods: Figure[][] = [];
  try {
    await withBenchContext(options, database.url, dir, async (ctx) => {
      for (let run = 0; run < repeat; run += 1) {
        const read = await measureReads(ctx);
        reads.push(read);
        console.log(
          `reads ${run + 1}: ${read.value.toFixed(0)} req/s, bare ${read.limit?.value.toFixed(0)}, ratio ${read.ratio?.toFixed(3)}; ${read.note}; load ${load()}`,
        );
        if (withFlood) {
          const flood = await measureLoginFlood(ctx);
          floods.push(flood);
          console.log(
            `flood ${run + 1}: ${flood[0].value.toFixed(1)} logins/s (${flood[0].note}); other p99 ${flood[1].limit?.value} → ${flood[1].value} ms, ratio ${flood[1].ratio?.toFixed(2)}; ${flood[1].note}; load ${load()}`,
          );
        }
      }
    });
  } finally {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
  const of = (figures: Figure[], pick: (f: Figure) => number) => median(figures.map(pick));
  console.log(
    `median reads: ${of(reads, (f) => f.value).toFixed(0)} req/s, bare ${of(reads, (f) => f.limit?.value ?? 0).toFixed(0)} req/s, ratio ${of(reads, (f) => f.ratio ?? 0).toFixed(3)}`,
  );
  if (withFlood) {
    const logins = floods.map((f) => f[0]);
    const others = floods.map((f) => f[1]);
    console.log(
      `median flood: ${of(logins, (f) => f.value).toFixed(1)} logins/s; other p99 ${of(others, (f) => f.limit?.value ?? 0)} → ${of(others, (f) => f.value)} ms, ratio ${of(others, (f) => f.ratio ?? 0).toFixed(2)}`,
    );
  }
  console.log(`load average: ${loadBefore} before, ${load()} after`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
