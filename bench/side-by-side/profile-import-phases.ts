/**
 * Where an import's time goes, statement by statement, and the floor the design sets:
 *
 *   npx ts-node --transpile-only bench/side-by-side/profile-import-phases.ts [rows] [--explain]
 *
 * On a scratch database (BENCH_DATABASE_URL's server): imports 5,607 generated students (as
 * the data set stands before the benchmark's import), then `rows` more (default 94,393) with
 * StudentImporter, timing every statement of the import's connection and the COPY into the
 * staging table. `--explain` runs the merge's statements under EXPLAIN (ANALYZE, BUFFERS) and
 * prints their plans. Then, in the same run, the floor: INSERT … SELECT of the same rows into
 * a copy of student_profiles with its indexes and CHECKs, and into one without indexes.
 *
 * When PostgreSQL runs on this machine (its backends readable in /proc), each statement also
 * shows the CPU time its backend spent on it, as the floor does: on a shared machine wall times
 * follow the load, CPU times much less.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { StudentImporter } from '../../src/import-export/student-importer';
import { createTestDatabase } from '../../test/setup/test-database';
import { writeStudentCsv } from '../student-csv';

interface Timing {
  sql: string;
  ms: number;
  /** CPU time of the statement's backend, when it can be read. */
  cpuMs: number | null;
}

/**
 * CPU time (user and system) the PostgreSQL backend `pid` has used, in ms, or null when it is not
 * a process of this machine's PostgreSQL (a remote server, or another user's /proc).
 */
function backendCpuMs(pid: number | null | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    if (!/\((postgres|postmaster)\)/.test(stat.slice(stat.indexOf('('), close + 1))) return null;
    const fields = stat.slice(close + 2).split(' ');
    // utime and stime, fields 14 and 15 of proc(5), in clock ticks (100 a second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** The process id of the backend a pg client is connected to (pg keeps it, untyped). */
function backendPid(client: Client): number | null {
  return (client as unknown as { processID?: number | null }).processID ?? null;
}

function cpuSince(pid: number | null | undefined, before: number | null): number | null {
  const now = backendCpuMs(pid);
  return now === null || before === null ? null : now - before;
}

function cpuText(ms: number | null): string {
  return ms === null ? '' : `${ms.toFixed(0).padStart(6)} ms CPU`;
}

/** Times every query a pg Client runs while `timings` is set (the COPY by its stream). */
function instrument(explain: boolean): { timings: Timing[] | null; plans: string[] } {
  const state: { timings: Timing[] | null; plans: string[] } = { timings: null, plans: [] };
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: Client, ...args: unknown[]): unknown {
    const first = args[0];
    const timings = state.timings;
    if (!timings) return original.apply(this, args);
    const started = performance.now();
    const pid = backendPid(this);
    const cpu = backendCpuMs(pid);
    if (typeof first === 'object' && first !== null && 'on' in first) {
      const stream = first as { on: (event: string, f: () => void) => void };
      stream.on('finish', () =>
        timings.push({
          sql: 'COPY import_staging (stream)',
          ms: performance.now() - started,
          cpuMs: cpuSince(pid, cpu),
        }),
      );
      return original.apply(this, args);
    }
    const text = typeof first === 'string' ? first : String((first as { text?: string }).text);
    const label = text.replace(/\s+/g, ' ').trim().slice(0, 90);
    const merge = /^(INSERT INTO student_profiles|UPDATE student_profiles)/.test(label);
    if (explain && merge) {
      args[0] = `EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) ${text}`;
    }
    const result = original.apply(this, args) as Promise<{ rows?: Record<string, string>[] }>;
    return result.then((r) => {
      timings.push({ sql: label, ms: performance.now() - started, cpuMs: cpuSince(pid, cpu) });
      if (explain && merge && r.rows)
        state.plans.push(`${label}\n${r.rows.map((row) => row['QUERY PLAN']).join('\n')}`);
      return r;
    });
  };
  return state;
}

async function main(): Promise<void> {
  const rows = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 94_393);
  const explain = process.argv.includes('--explain');
  if (process.env.BENCH_DATABASE_URL)
    process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
  const state = instrument(explain);
  const dir = await mkdtemp(join(tmpdir(), 'import-phases-'));
  const database = await createTestDatabase();
  const dataSource = new DataSource(dataSourceOptions(database.url));
  try {
    await dataSource.initialize();
    const limits = { maxBytes: 2 * 1024 * 1024 * 1024, maxRows: 10_000_000, maxFieldLength: 256 };
    const importer = new StudentImporter(dataSource, limits);
    const importFile = async (path: string) => {
      const { size } = await stat(path);
      const { report } = await importer.run(
        { fileName: path, size, open: () => createReadStream(path) },
        { mode: 'atomic', dryRun: false, idempotencyKey: null, actorId: null },
      );
      if (report.status !== 'completed') throw new Error(`import ${report.status}`);
      return report;
    };
    const before = join(dir, 'before.csv');
    const file = join(dir, 'generated.csv');
    await writeStudentCsv(before, 5_607, 1);
    await writeStudentCsv(file, rows, 2);
    await importFile(before);
    await dataSource.query('VACUUM ANALYZE student_profiles');

    const load = loadavg()[0];
    state.timings = [];
    const started = performance.now();
    const report = await importFile(file);
    const totalMs = performance.now() - started;
    const timings = state.timings;
    state.timings = null;
    const counted = timings.reduce((sum, t) => sum + t.ms, 0);
    console.log(
      `import of ${rows} rows: ${(totalMs / 1000).toFixed(2)} s, ${report.inserted} inserted; load average ${load.toFixed(2)}`,
    );
    const cpuOf = (t: Timing) => t.cpuMs ?? 0;
    for (const t of [...timings].sort((a, b) => b.ms - a.ms).slice(0, 16))
      console.log(`${t.ms.toFixed(0).padStart(7)} ms ${cpuText(t.cpuMs)}  ${t.sql}`);
    const cpuKnown = timings.every((t) => t.cpuMs !== null);
    const cpuTotal = cpuKnown ? timings.reduce((sum, t) => sum + cpuOf(t), 0) : null;
    console.log(
      `${counted.toFixed(0).padStart(7)} ms ${cpuText(cpuTotal)}  (all statements; the COPY overlaps reading)`,
    );
    for (const plan of state.plans) console.log(`\n${plan}`);

    // The floor: the same rows written by one INSERT … SELECT into a copy of student_profiles,
    // on one connection of its own (so that its SET applies and its backend's CPU is known).
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('SET jit = off');
      const timed = async (sql: string) => {
        const cpu = backendCpuMs(backendPid(client));
        const t0 = performance.now();
        await client.query(sql);
        return { ms: performance.now() - t0, cpuMs: cpuSince(backendPid(client), cpu) };
      };
      const latest = `SELECT * FROM student_profiles ORDER BY created_at DESC, id LIMIT ${rows}`;
      const floor = async (name: string, like: string) => {
        await client.query(`CREATE TABLE ${name} (LIKE student_profiles ${like})`);
        const t = await timed(`INSERT INTO ${name} ${latest}`);
        await client.query(`DROP TABLE ${name}`);
        return t;
      };
      const withAll = await floor('floor_all', 'INCLUDING ALL');
      const noIndex = await floor('floor_bare', 'INCLUDING DEFAULTS INCLUDING CONSTRAINTS');
      const select = await timed(`SELECT count(*) FROM (${latest}) s`);
      const both = (t: { ms: number; cpuMs: number | null }) =>
        `${(t.ms / 1000).toFixed(2)} s${t.cpuMs === null ? '' : ` (CPU ${(t.cpuMs / 1000).toFixed(2)} s)`}`;
      console.log(
        `\nfloor: INSERT … SELECT of ${rows} rows into a copy with the indexes and CHECKs ` +
          `${both(withAll)}, with the CHECKs but no index ${both(noIndex)} ` +
          `(the SELECT alone ${both(select)}); load average ${loadavg()[0].toFixed(2)}`,
      );
    } finally {
      await client.end();
    }
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
