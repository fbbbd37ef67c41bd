/**
 * A CPU profile of the service while one path is under load:
 *
 *   npx ts-node --transpile-only bench/side-by-side/profile-path.ts reads|batch|import|export|login-flood [--quick]
 *
 * Same set-up as npm run bench (scratch database with the data set, plus the generated students
 * for every path but import, which imports them), the service started with --cpu-prof; prints
 * the summary and writes it with the .cpuprofile under .data/bench/profiles.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../test/setup/test-database';
import { writeStudentCsv } from '../student-csv';
import { benchOptions } from './bench-options';
import type { BenchContext } from './bench-figure';
import { measureBatch } from './measure-batch';
import { measureExport } from './measure-export';
import { measureImport } from './measure-import';
import { measureLoginFlood } from './measure-login-flood';
import { measureReads } from './measure-reads';
import { buildApp } from './start-app';
import { summarizeCpuProfile } from './summarize-cpu-profile';
import { withBenchContext } from './with-bench-context';

const PATHS: Record<string, (ctx: BenchContext, file: string) => Promise<unknown>> = {
  reads: (ctx) => measureReads(ctx),
  batch: (ctx) => measureBatch(ctx),
  export: (ctx) => measureExport(ctx),
  'login-flood': (ctx) => measureLoginFlood(ctx),
  import: (ctx, file) => measureImport(ctx, file, ctx.options.generatedRows),
};

async function main(): Promise<void> {
  const name = process.argv[2];
  const path = PATHS[name];
  if (!path) throw new Error(`which path? ${Object.keys(PATHS).join(', ')}`);
  const options = benchOptions(process.argv.slice(3));
  options.quick = false; // always the compiled service
  if (process.env.BENCH_DATABASE_URL)
    process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  if (!process.argv.includes('--no-build')) buildApp();
  const out = join(__dirname, '..', '..', '.data', 'bench', 'profiles', name);
  mkdirSync(out, { recursive: true });
  const database = await createTestDatabase();
  const dir = await mkdtemp(join(tmpdir(), 'profile-path-'));
  let window = { fromEndMs: 0, toEndMs: 0 };
  try {
    const file = join(dir, 'generated.csv');
    await writeStudentCsv(file, options.generatedRows, 2);
    if (name !== 'import') {
      // The generated students go in first, through a service that is not profiled.
      await withBenchContext(options, database.url, dir, (ctx) =>
        measureImport(ctx, file, options.generatedRows),
      );
    }
    const profiled = ['--cpu-prof', '--cpu-prof-dir', out];
    let started = 0;
    let ended = 0;
    const figures = await withBenchContext(
      options,
      database.url,
      dir,
      async (ctx) => {
        started = performance.now();
        const measured = await path(ctx, file);
        ended = performance.now();
        return measured;
      },
      profiled,
    );
    const stopped = performance.now();
    window = { fromEndMs: stopped - started, toEndMs: stopped - ended };
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
  const latest = readdirSync(out)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .pop();
  if (!latest) throw new Error('the service wrote no profile');
  const profile = JSON.parse(readFileSync(join(out, latest), 'utf8')) as Parameters<
    typeof summarizeCpuProfile
  >[0];
  const summary = summarizeCpuProfile(profile, window);
  writeFileSync(join(out, `${latest}.txt`), `${summary}\n`);
  console.log(summary);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
