import { join } from 'node:path';
import { encodeBatch, readActiveModelFiles } from '../../src/predictions/ml';
import { OnnxForest } from '../../src/predictions/ml/onnx-forest';
import { rowFactors } from '../../src/predictions/student-factors.mapper';
import type { BenchContext, Figure } from './bench-figure';
import { median, timed } from './bench-http';

const MODEL_DIR = join(__dirname, '..', '..', 'ml-models');

/** The limit: a raw pg fetch of the rows, encoding and one onnxruntime run on them. */
async function rawPredictMs(ctx: BenchContext, ids: string[]): Promise<number> {
  const forest = await OnnxForest.load(readActiveModelFiles(MODEL_DIR).onnx, {
    batchSize: ids.length,
  });
  try {
    const times: number[] = [];
    for (let r = 0; r <= ctx.options.runs; r += 1) {
      const started = performance.now();
      const { rows } = await ctx.pool.query<Record<string, unknown>>(
        'SELECT * FROM student_profiles WHERE student_id = ANY($1)',
        [ids],
      );
      await forest.predictEncoded(encodeBatch(rows.map(rowFactors)), rows.length);
      if (r > 0) times.push(performance.now() - started);
    }
    return median(times);
  } finally {
    await forest.release();
  }
}

/** POST /api/predictions/batch (stored, alerts evaluated) against the raw fetch + inference. */
export async function measureBatch(ctx: BenchContext): Promise<Figure> {
  const ids = ctx.ids.slice(0, ctx.options.batchSize);
  const body = JSON.stringify({ student_ids: ids });
  const headers = { 'content-type': 'application/json' };
  const times: number[] = [];
  for (let r = 0; r <= ctx.options.runs; r += 1) {
    const { ms, text } = await timed(ctx.teacher, '/api/predictions/batch', {
      method: 'POST',
      body,
      headers,
    });
    const { predictions } = JSON.parse(text) as { predictions: unknown[] };
    if (predictions.length !== ids.length) throw new Error('batch: not every student predicted');
    if (r > 0) times.push(ms); // the first run warms up
  }
  const ours = ids.length / (median(times) / 1000);
  const limit = ids.length / ((await rawPredictMs(ctx, ids)) / 1000);
  const ratio = ours / limit;
  return {
    path: `POST /api/predictions/batch, ${ids.length.toLocaleString('en')} students`,
    dataset: ctx.dataset,
    value: ours,
    unit: 'students/s',
    limit: { value: limit, what: 'pg fetch of the rows + one onnxruntime run' },
    ratio,
    target: { text: '≥ 20,000/s and ≥ 50 %', met: ours >= 20_000 && ratio >= 0.5 },
    note: `median of ${times.length} requests, ${median(times).toFixed(0)} ms each`,
  };
}
