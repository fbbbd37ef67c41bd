import type { BenchContext, Figure } from './bench-figure';
import { loadTest } from './load-test';

/** GET /api/predictions/{id} (computed and stored) one at a time: latency p50 and p99. */
export async function measureSinglePrediction(ctx: BenchContext): Promise<Figure[]> {
  const { ids } = ctx;
  const figures = await loadTest({
    base: ctx.app.base,
    connections: 1,
    seconds: ctx.options.seconds,
    headers: { authorization: `Bearer ${ctx.teacher.token}` },
    request: () => ({ path: `/api/predictions/${ids[Math.floor(Math.random() * ids.length)]}` }),
  });
  const path = 'GET /api/predictions/{id}, one client';
  const note = `${figures.okPerSecond.toFixed(0)} predictions/s`;
  return [
    { path: `${path}, p50`, dataset: ctx.dataset, value: figures.p50, unit: 'ms', note },
    { path: `${path}, p99`, dataset: ctx.dataset, value: figures.p99, unit: 'ms' },
  ];
}
