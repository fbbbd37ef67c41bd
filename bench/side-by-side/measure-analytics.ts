import type { BenchContext, Figure } from './bench-figure';
import { median, timed } from './bench-http';

const ENDPOINTS = [
  'overview',
  'performance-trends',
  'demographics',
  'factors/hours_studied',
  'factors/motivation_level',
  'insights',
  'risk',
];
const TARGET_MS = 300;

/** Each analytics endpoint over every student: median wall time as the client sees it. */
export async function measureAnalytics(ctx: BenchContext): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const endpoint of ENDPOINTS) {
    const times: number[] = [];
    for (let r = 0; r <= ctx.options.runs; r += 1) {
      const { ms } = await timed(ctx.teacher, `/api/analytics/${endpoint}`);
      if (r > 0) times.push(ms);
    }
    const value = median(times);
    figures.push({
      path: `GET /api/analytics/${endpoint}`,
      dataset: ctx.dataset,
      value,
      unit: 'ms',
      target: { text: `≤ ${TARGET_MS} ms`, met: value <= TARGET_MS },
      note: `median of ${times.length}, slowest ${Math.max(...times).toFixed(0)} ms`,
    });
  }
  return figures;
}
