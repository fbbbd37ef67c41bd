import { createReadStream, openAsBlob, readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { BenchContext, Figure } from './bench-figure';
import { timed } from './bench-http';
import { procRssMb } from './proc-rss';

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
 * POST /api/data/import (atomic, new students) of `file` against a plain COPY of the same file;
 * the service's resident memory is sampled every 20 ms during the import.
 */
export async function measureImport(
  ctx: BenchContext,
  file: string,
  rows: number,
): Promise<Figure[]> {
  const copyMs = await copyPlainMs(ctx, file);
  const form = new FormData();
  form.append('file', await openAsBlob(file, { type: 'text/csv' }), 'students.csv');
  let peak = procRssMb(ctx.app.pid) ?? 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, procRssMb(ctx.app.pid) ?? 0);
  }, 20);
  let ms: number;
  let text: string;
  try {
    ({ ms, text } = await timed(ctx.admin, '/api/data/import', { method: 'POST', body: form }));
  } finally {
    clearInterval(sampler);
  }
  const report = JSON.parse(text) as { inserted: number };
  if (report.inserted !== rows) throw new Error(`import inserted ${report.inserted} of ${rows}`);
  const ours = rows / (ms / 1000);
  const limit = rows / (copyMs / 1000);
  const ratio = ours / limit;
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
      note: `${(ms / 1000).toFixed(1)} s (COPY ${(copyMs / 1000).toFixed(2)} s)`,
    },
    { path: `peak RSS during the ${label}`, dataset: ctx.dataset, value: peak, unit: 'MB' },
  ];
}
