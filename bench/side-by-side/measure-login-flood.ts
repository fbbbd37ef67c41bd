import type { BenchContext, Figure } from './bench-figure';
import { loadTest } from './load-test';

const OTHER_CONNECTIONS = 4;
const FLOOD_CONNECTIONS = 16;

/**
 * Other requests (GET /api/students/{id}, 4 connections) alone, then during a flood of valid
 * logins (16 connections, POST /api/auth/login): their p99 both times and the logins per second.
 */
export async function measureLoginFlood(ctx: BenchContext): Promise<Figure[]> {
  const { ids, options } = ctx;
  const others = () =>
    loadTest({
      base: ctx.app.base,
      connections: OTHER_CONNECTIONS,
      seconds: options.seconds,
      headers: { authorization: `Bearer ${ctx.teacher.token}` },
      request: () => ({ path: `/api/students/${ids[Math.floor(Math.random() * ids.length)]}` }),
    });
  const quiet = await others();
  const body = JSON.stringify({ email: 'teacher2@school.edu', password: 'Teacher123!' });
  const [flood, during] = await Promise.all([
    loadTest({
      base: ctx.app.base,
      connections: FLOOD_CONNECTIONS,
      seconds: options.seconds,
      headers: { 'content-type': 'application/json' },
      request: () => ({ path: '/api/auth/login', method: 'POST', body }),
    }),
    others(),
  ]);
  const ratio = during.p99 / quiet.p99;
  return [
    {
      path: `logins during a flood, ${FLOOD_CONNECTIONS} connections`,
      dataset: ctx.dataset,
      value: flood.okPerSecond,
      unit: 'logins/s',
      note: `${flood.other} answered otherwise (503 server_busy once the hashing queue is full)`,
    },
    {
      path: `p99 of other requests (${OTHER_CONNECTIONS} connections) during the login flood`,
      dataset: ctx.dataset,
      value: during.p99,
      unit: 'ms',
      limit: { value: quiet.p99, what: 'the same requests without the flood' },
      ratio,
      target: { text: 'at most 2× the p99 without', met: ratio <= 2 },
      note: `without: ${quiet.okPerSecond.toFixed(0)} req/s; during: ${during.okPerSecond.toFixed(0)} req/s`,
    },
  ];
}
