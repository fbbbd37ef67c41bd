/**
 * The service's hot paths side by side with what the machine can do, in one run:
 *
 *   npm run bench               the data set, then 100,000 students (94,393 imported)
 *   npm run bench -- --quick    the data set plus 1,000 imported, 1 s load tests (CI)
 *
 * On a scratch database (created and dropped) on the server BENCH_DATABASE_URL, else
 * TEST_DATABASE_URL or DATABASE_URL, names, or on an embedded PostgreSQL. The service runs as
 * npm start runs it, in its own process, with the demo users and the data set; the bare
 * server in another. Prints the table and writes results.json and results.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { createTestDatabase } from '../../test/setup/test-database';
import { writeStudentCsv } from '../student-csv';
import { BenchOptions, benchOptions } from './bench-options';
import type { BenchContext, Figure } from './bench-figure';
import { measureAnalytics } from './measure-analytics';
import { measureBatch } from './measure-batch';
import { measureExport } from './measure-export';
import { measureIdleRss } from './measure-idle-rss';
import { measureImport } from './measure-import';
import { measureLoginFlood } from './measure-login-flood';
import { measureFrameworkFloor, measureReads } from './measure-reads';
import { measureSinglePrediction } from './measure-single-prediction';
import { measureTraining } from './measure-training';
import { buildApp } from './start-app';
import { studentIds, withBenchContext } from './with-bench-context';
import { MachineFacts, resultsTable, writeResults } from './write-results';

/** Every path on the students in the database now. */
async function measurePaths(ctx: BenchContext, withFlood: boolean): Promise<Figure[]> {
  const step = (name: string) => console.log(`  ${ctx.dataset}: ${name}`);
  step('reads');
  const figures = [await measureReads(ctx)];
  step('reads on the framework alone');
  figures.push(await measureFrameworkFloor(ctx));
  step('batch prediction');
  figures.push(await measureBatch(ctx));
  step('export');
  figures.push(await measureExport(ctx));
  step('analytics');
  figures.push(...(await measureAnalytics(ctx)));
  step('single prediction');
  figures.push(...(await measureSinglePrediction(ctx)));
  if (withFlood) {
    step('login flood');
    figures.push(...(await measureLoginFlood(ctx)));
  }
  return figures;
}

/** The data set's paths, the import of the generated students, then the paths on all. */
async function measureAll(ctx: BenchContext, options: BenchOptions): Promise<Figure[]> {
  const figures = [await measureIdleRss(ctx, !options.quick)];
  if (!options.quick) figures.push(...(await measurePaths(ctx, false)));
  const file = join(ctx.dir, 'generated.csv');
  await writeStudentCsv(file, options.generatedRows, 2);
  console.log(`  import of ${options.generatedRows} generated students`);
  const total = ctx.ids.length + options.generatedRows;
  const after = `${total.toLocaleString('en')} students (data set + generated)`;
  figures.push(...(await measureImport({ ...ctx, dataset: after }, file, options.generatedRows)));
  const ids = await studentIds(ctx.pool);
  figures.push(...(await measurePaths({ ...ctx, dataset: after, ids }, true)));
  return figures;
}

/** The checked-out commit (BENCH_COMMIT when the tree is not a git checkout). */
function currentCommit(): string | null {
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  return git.status === 0 ? git.stdout.trim() : (process.env.BENCH_COMMIT ?? null);
}

async function postgresVersion(url: string): Promise<string> {
  const pool = new Pool({ connectionString: url, max: 1 });
  const { rows } = await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  await pool.end();
  return rows[0].v;
}

async function main(): Promise<void> {
  const options = benchOptions(process.argv.slice(2));
  const startLoad = loadavg();
  if (process.env.BENCH_DATABASE_URL)
    process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  if (!options.quick) buildApp();
  const database = await createTestDatabase();
  const dir = await mkdtemp(join(tmpdir(), 'side-by-side-'));
  let figures: Figure[];
  let postgres: string;
  try {
    postgres = await postgresVersion(database.url);
    figures = await withBenchContext(options, database.url, dir, (ctx) => measureAll(ctx, options));
  } finally {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
  try {
    figures.push(measureTraining(options.quick ? 1 : 3));
  } catch (error: unknown) {
    // The other figures are still written; the run fails at the end.
    console.error(error);
    process.exitCode = 1;
  }
  const machine: MachineFacts = {
    date: new Date().toISOString(),
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(totalmem() / 1e9),
    node: process.version,
    postgres,
    loadAverage: { start: startLoad, end: loadavg() },
    quick: options.quick,
    commit: currentCommit(),
  };
  console.log(`\n${resultsTable(figures)}`);
  await writeResults(options.outDir, figures, machine);
  console.log(`\nWritten to ${join(options.outDir, 'results.json')} and results.md.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
