import { join } from 'node:path';
import type { BenchContext, Figure } from './bench-figure';
import { startBenchServer } from './bench-server';
import { LoadFigures, loadTest } from './load-test';

/** Reads of random students on `base` for `seconds`, with the run's connections. */
function readLoad(
  ctx: BenchContext,
  base: string,
  seconds: number,
  headers?: Record<string, string>,
): Promise<LoadFigures> {
  const { ids, options } = ctx;
  const request = () => ({ path: `/api/students/${ids[Math.floor(Math.random() * ids.length)]}` });
  return loadTest({ base, connections: options.connections, seconds, request, headers });
}

/** The warm-up before each measured load: 2 s, or the whole load when shorter. */
const warmUpSeconds = (ctx: BenchContext): number => Math.min(2, ctx.options.seconds);

/** GET /api/students/{id} on random ids with N connections, against the bare server. */
export async function measureReads(ctx: BenchContext): Promise<Figure> {
  const { options } = ctx;
  const headers = { authorization: `Bearer ${ctx.teacher.token}` };
  const run = (base: string, seconds: number) => readLoad(ctx, base, seconds, headers);
  await run(ctx.app.base, warmUpSeconds(ctx));
  const ours = await run(ctx.app.base, options.seconds);
  await run(ctx.bare.base, warmUpSeconds(ctx));
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

/**
 * The same load on a NestJS + Express app with nothing but one controller and the bare
 * server's query (framework-floor-server.ts), started for this measurement only, against the
 * bare server: how much of the bare server the framework itself leaves.
 */
export async function measureFrameworkFloor(ctx: BenchContext): Promise<Figure> {
  const { ids, options } = ctx;
  const floor = await startBenchServer({
    script: join(__dirname, 'framework-floor-server.ts'),
    execArgv: ['-r', 'ts-node/register/transpile-only', '--max-semi-space-size=8'],
    env: { PATH: process.env.PATH, BARE_DATABASE_URL: ctx.databaseUrl },
    log: join(ctx.dir, 'servers.log'),
    readyPath: `/api/students/${ids[0]}`,
  });
  try {
    await readLoad(ctx, floor.base, warmUpSeconds(ctx));
    const ours = await readLoad(ctx, floor.base, options.seconds);
    const bare = await readLoad(ctx, ctx.bare.base, options.seconds);
    const ratio = ours.okPerSecond / bare.okPerSecond;
    return {
      path: `GET /api/students/{id}, ${options.connections} connections: NestJS + Express with one controller, nothing else`,
      dataset: ctx.dataset,
      value: ours.okPerSecond,
      unit: 'req/s',
      limit: { value: bare.okPerSecond, what: 'bare node:http + pg, same query' },
      ratio,
      note: `the framework's floor for this path; p50 ${ours.p50} ms, p99 ${ours.p99} ms`,
    };
  } finally {
    await floor.stop();
  }
}
