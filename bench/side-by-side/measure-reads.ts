import type { BenchContext, Figure } from './bench-figure';
import { loadTest } from './load-test';

/** GET /api/students/{id} on random ids with N connections, against the bare server. */
export async function measureReads(ctx: BenchContext): Promise<Figure> {
  const { ids, options } = ctx;
  const request = () => ({ path: `/api/students/${ids[Math.floor(Math.random() * ids.length)]}` });
  const headers = { authorization: `Bearer ${ctx.teacher.token}` };
  const warmUp = Math.min(2, options.seconds);
  const run = async (base: string, seconds: number) =>
    loadTest({ base, connections: options.connections, seconds, request, headers });
  await run(ctx.app.base, warmUp);
  const ours = await run(ctx.app.base, options.seconds);
  await run(ctx.bare.base, warmUp);
  const bare = await run(ctx.bare.base, options.seconds);
  const ratio = ours.okPerSecond / bare.okPerSecond;
  return {
    path: `GET /api/students/{id}, ${options.connections} connections`,
    dataset: ctx.dataset,
    value: ours.okPerSecond,
    unit: 'req/s',
    limit: { value: bare.okPerSecond, what: 'bare node:http + pg, same query' },
    ratio,
    target: { text: '≥ 50 % of the bare server', met: ratio >= 0.5 },
    note: `p50 ${ours.p50} ms, p99 ${ours.p99} ms (bare: ${bare.p50} / ${bare.p99} ms)`,
  };
}
