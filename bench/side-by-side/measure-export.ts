import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { to as copyTo } from 'pg-copy-streams';
import { STUDENT_CSV_COLUMNS } from '../../src/import-export/student-csv-columns';
import type { BenchContext, Figure } from './bench-figure';
import { median, timed } from './bench-http';

/** The limit: COPY ... TO STDOUT of the export's columns, in its order, read to the end. */
async function copyToMs(ctx: BenchContext): Promise<number> {
  const columns = STUDENT_CSV_COLUMNS.map((c) => `"${c.field}"`).join(', ');
  const sql =
    `COPY (SELECT ${columns} FROM student_profiles ORDER BY length(student_id), student_id) ` +
    'TO STDOUT (FORMAT csv, HEADER true)';
  const client = await ctx.pool.connect();
  try {
    const started = performance.now();
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    await pipeline(client.query(copyTo(sql)), sink);
    return performance.now() - started;
  } finally {
    client.release();
  }
}

/** GET /api/data/export?format=csv of every student against COPY TO STDOUT. */
export async function measureExport(ctx: BenchContext): Promise<Figure> {
  const rows = ctx.ids.length;
  const ours: number[] = [];
  const limit: number[] = [];
  for (let r = 0; r <= ctx.options.runs; r += 1) {
    const { ms, text } = await timed(ctx.teacher, '/api/data/export?format=csv');
    const lines = text.split('\n').filter((line) => line.length > 0).length - 1;
    if (lines !== rows) throw new Error(`export: ${lines} rows, expected ${rows}`);
    const copyMs = await copyToMs(ctx);
    if (r === 0) continue; // warm-up
    ours.push(ms);
    limit.push(copyMs);
  }
  const value = rows / (median(ours) / 1000);
  const limitValue = rows / (median(limit) / 1000);
  const ratio = value / limitValue;
  return {
    path: `CSV export, ${rows.toLocaleString('en')} rows`,
    dataset: ctx.dataset,
    value,
    unit: 'rows/s',
    limit: { value: limitValue, what: 'COPY ... TO STDOUT' },
    ratio,
    target: { text: '≥ 50 % of COPY TO', met: ratio >= 0.5 },
    note: `median ${median(ours).toFixed(0)} ms (COPY ${median(limit).toFixed(0)} ms)`,
  };
}
