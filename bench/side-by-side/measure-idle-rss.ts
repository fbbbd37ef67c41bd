import type { BenchContext, Figure } from './bench-figure';
import { timed } from './bench-http';
import { procRssMb } from './proc-rss';

const TARGET_MB = 200;

/** The service's resident memory at rest, the model loaded and one prediction served. */
export async function measureIdleRss(ctx: BenchContext, compiled: boolean): Promise<Figure> {
  await timed(ctx.teacher, `/api/predictions/${ctx.ids[0]}`);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const value = procRssMb(ctx.app.pid);
  if (value === null) throw new Error('the resident memory is only read from /proc (Linux)');
  return {
    path: 'idle RSS with the model loaded',
    dataset: ctx.dataset,
    value,
    unit: 'MB',
    target: { text: `≤ ${TARGET_MB} MB`, met: value <= TARGET_MB },
    note: compiled
      ? 'compiled, as npm start runs it'
      : 'through ts-node (quick run): not comparable',
  };
}
