import { createReadStream, openAsBlob, readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { BenchContext, Figure } from './bench-figure';
import { timed } from './bench-http';
import { procRssMb } from './proc-rss';

/** How often the benchmark looks at a running job (a client waits Retry-After, 2 s). */
const POLL_MS = 100;
/** A job that has not ended after this long fails the benchmark. */
const JOB_TIMEOUT_MS = 15 * 60 * 1000;

/** The parts of an import's report the benchmark reads. */
interface JobReport {
  import_id: string;
  status: 'queued' | 'running' | 'completed' | 'rejected' | 'failed';
  inserted: number;
  phase: string | null;
  started_at: string | null;
  completed_at: string | null;
  errors: unknown[];
}

/** The limit: COPY FROM of the same file into a plain table (typed columns, no index). */
async function copyPlainMs(ctx: BenchContext, file: string): Promise<number> {
  const [header, first] = readFileSync(file, 'utf8').split('\n', 2);
  const cells = first.split(',');
  const columns = header
    .split(',')
    .map((name, i) => `"${name}" ${/^-?\d+$/.test(cells[i]) ? 'integer' : 'text'}`);
  await ctx.pool.query(`CREATE TABLE bench_plain_import (${columns.join(', ')})`);
  const client = await ctx.pool.connect();
  try {
    const started = performance.now();
    const copy = client.query(
      copyFrom('COPY bench_plain_import FROM STDIN (FORMAT csv, HEADER true)'),
    );
    await pipeline(createReadStream(file), copy);
    return performance.now() - started;
  } finally {
    client.release();
    await ctx.pool.query('DROP TABLE bench_plain_import');
  }
}

/**
 * The floor the design sets, on the rows just imported: one INSERT … SELECT of them into a copy
 * of student_profiles with its indexes, CHECKs and defaults (no staging, no checks, no merge).
 */
async function insertFloorMs(ctx: BenchContext, rows: number): Promise<number> {
  await ctx.pool.query('CREATE TABLE bench_import_floor (LIKE student_profiles INCLUDING ALL)');
  try {
    const started = performance.now();
    await ctx.pool.query(
      `INSERT INTO bench_import_floor
       SELECT * FROM student_profiles ORDER BY created_at DESC, id LIMIT $1`,
      [rows],
    );
    return performance.now() - started;
  } finally {
    await ctx.pool.query('DROP TABLE bench_import_floor');
  }
}

/**
 * Submits `file` as a client submits a large file, as a background job (async=true: the answer
 * is 202 with the job), then polls GET /api/data/imports/{id} every POLL_MS until the job ends.
 * Returns the wall time from submit to the poll that saw it completed, the server's own
 * started_at→completed_at, and the phases in the order they were seen with the time each was
 * first seen (the job writes its progress about once a second, so these are coarse).
 */
async function importAsJob(
  ctx: BenchContext,
  file: string,
): Promise<{ ms: number; serverMs: number; report: JobReport; phases: string }> {
  const form = new FormData();
  form.append('file', await openAsBlob(file, { type: 'text/csv' }), 'students.csv');
  const started = performance.now();
  const submitted = await fetch(`${ctx.admin.base}/api/data/import?async=true`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${ctx.admin.token}` },
  });
  const body = await submitted.text();
  if (submitted.status !== 202)
    throw new Error(`POST /api/data/import?async=true: ${submitted.status} ${body.slice(0, 500)}`);
  let report = JSON.parse(body) as JobReport;
  const seen: string[] = [];
  const note = (phase: string) => {
    if (!seen.some((s) => s.startsWith(`${phase} `)))
      seen.push(`${phase} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  note(report.status);
  while (report.status === 'queued' || report.status === 'running') {
    if (performance.now() - started > JOB_TIMEOUT_MS)
      throw new Error(`import job ${report.import_id} still ${report.status}`);
    await sleep(POLL_MS);
    const { text } = await timed(ctx.admin, `/api/data/imports/${report.import_id}`);
    report = JSON.parse(text) as JobReport;
    note(report.status === 'running' && report.phase ? report.phase : report.status);
  }
  const ms = performance.now() - started;
  if (report.status !== 'completed')
    throw new Error(
      `import job ${report.status}: ${JSON.stringify(report.errors.slice(0, 3)).slice(0, 500)}`,
    );
  const serverMs =
    report.started_at && report.completed_at
      ? Date.parse(report.completed_at) - Date.parse(report.started_at)
      : NaN;
  return { ms, serverMs, report, phases: seen.join(', ') };
}

/**
 * POST /api/data/import?async=true (a background job, atomic, new students) of `file`, timed
 * from submit to completed, against a plain COPY of the same file, and the floor of the same
 * rows (insertFloorMs); the service's resident memory is sampled every 20 ms during the import.
 */
export async function measureImport(
  ctx: BenchContext,
  file: string,
  rows: number,
): Promise<Figure[]> {
  const copyMs = await copyPlainMs(ctx, file);
  let peak = procRssMb(ctx.app.pid) ?? 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, procRssMb(ctx.app.pid) ?? 0);
  }, 20);
  let job: Awaited<ReturnType<typeof importAsJob>>;
  try {
    job = await importAsJob(ctx, file);
  } finally {
    clearInterval(sampler);
  }
  const { ms, serverMs, report, phases } = job;
  if (report.inserted !== rows) throw new Error(`import inserted ${report.inserted} of ${rows}`);
  const floorMs = await insertFloorMs(ctx, rows);
  const ours = rows / (ms / 1000);
  const limit = rows / (copyMs / 1000);
  const ratio = ours / limit;
  const floor = rows / (floorMs / 1000);
  const label = `CSV import, ${rows.toLocaleString('en')} new rows`;
  return [
    {
      path: label,
      dataset: ctx.dataset,
      value: ours,
      unit: 'rows/s',
      limit: { value: limit, what: 'COPY FROM of the same file into a plain table' },
      ratio,
      target: { text: '≥ 25 % of plain COPY', met: ratio >= 0.25 },
      note:
        `background job (async=true), submit to completed ${(ms / 1000).toFixed(1)} s ` +
        `(job started→completed ${(serverMs / 1000).toFixed(1)} s; COPY ${(copyMs / 1000).toFixed(2)} s); ` +
        `seen: ${phases}`,
    },
    {
      path: `floor of the ${label}: INSERT … SELECT of the same rows into a copy of student_profiles`,
      dataset: ctx.dataset,
      value: floor,
      unit: 'rows/s',
      limit: { value: limit, what: 'COPY FROM of the same file into a plain table' },
      ratio: floor / limit,
      note:
        `${(floorMs / 1000).toFixed(2)} s with its indexes, CHECKs and defaults; ` +
        `the import takes ${(ms / floorMs).toFixed(2)}× this`,
    },
    { path: `peak RSS during the ${label}`, dataset: ctx.dataset, value: peak, unit: 'MB' },
  ];
}
