/**
 * Liveness latency under an anonymous flood.
 *
 *   npm run bench -- anonymous-flood
 *   npx ts-node --transpile-only bench/anonymous-flood.bench.ts --clients 4,16 --seconds 5
 *
 * The real application listens on a loopback port of a scratch database (on DATABASE_URL's
 * server, or an embedded one). For each number of clients, that many anonymous clients send
 * hostile requests back to back for a fixed time (bad logins with random emails, deeply nested
 * JSON bodies, registrations), while one more client asks GET /health/live every 50 ms. Prints
 * the p50, p99 and slowest liveness answer and what the flood was answered. Two settings: the
 * shipped per-IP limits (the flood comes from one address, so most of it is refused early) and
 * the limits lifted, so every request reaches password hashing and only the hashing queue's
 * bound protects the process.
 */
import './bench-env';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/create-app';
import { createTestDatabase } from '../test/setup/test-database';

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
}

const CLIENT_COUNTS = argument('clients', '4,16').split(',').map(Number);
const SECONDS = Number(argument('seconds', '5'));
const HEALTH_EVERY_MS = 50;
/** Most requests one flooding client sends in a run, whatever the time. */
const MAX_REQUESTS_PER_CLIENT = 5_000;

function deepJson(levels: number): string {
  return `{"email":${'['.repeat(levels)}1${']'.repeat(levels)},"password":"x"}`;
}
const DEEP_SMALL = deepJson(1_500);
const DEEP_LARGE = deepJson(100_000);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

type Hostile = () => { path: string; body: string };
const HOSTILE: Hostile[] = [
  () => ({
    path: '/api/auth/login',
    body: JSON.stringify({ email: `${randomUUID()}@example.com`, password: 'not-the-password' }),
  }),
  () => ({ path: '/api/auth/login', body: DEEP_SMALL }),
  () => ({ path: '/api/auth/register', body: DEEP_LARGE }),
  () => ({
    path: '/api/auth/register',
    body: JSON.stringify({
      email: `${randomUUID()}@example.com`,
      password: `Flood-${randomUUID()}`,
      first_name: 'Flood',
      last_name: 'Client',
    }),
  }),
];

async function flood(
  base: string,
  clients: number,
  seconds: number,
): Promise<{ health: number[]; statuses: Map<string, number>; sent: number }> {
  const until = Date.now() + seconds * 1000;
  const statuses = new Map<string, number>();
  let sent = 0;
  const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
  const client = async (index: number) => {
    for (let i = 0; i < MAX_REQUESTS_PER_CLIENT && Date.now() < until; i += 1) {
      const { path, body } = HOSTILE[(index + i) % HOSTILE.length]();
      sent += 1;
      try {
        const res = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(30_000),
        });
        await res.arrayBuffer();
        count(String(res.status));
      } catch {
        count('error');
      }
    }
  };
  const health: number[] = [];
  const probe = async () => {
    while (Date.now() < until) {
      const started = performance.now();
      const res = await fetch(`${base}/health/live`);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`/health/live answered ${res.status}`);
      health.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, HEALTH_EVERY_MS));
    }
  };
  await Promise.all([probe(), ...Array.from({ length: clients }, (_, i) => client(i))]);
  return { health: health.sort((a, b) => a - b), statuses, sent };
}

async function measure(label: string, env: Record<string, string>): Promise<void> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const app = await createApp();
  process.env = saved;
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const quiet = await flood(base, 0, 2);
    console.log(
      `${label}, no flood: /health/live p50 ${percentile(quiet.health, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(quiet.health, 99).toFixed(1)} ms (${quiet.health.length} probes)`,
    );
    for (const clients of CLIENT_COUNTS) {
      const { health, statuses, sent } = await flood(base, clients, SECONDS);
      const answered = [...statuses.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([status, n]) => `${status}×${n}`)
        .join(' ');
      console.log(
        `${label}, ${clients} flooding clients for ${SECONDS} s: /health/live ` +
          `p50 ${percentile(health, 50).toFixed(1)} ms, p99 ${percentile(health, 99).toFixed(1)} ms, ` +
          `slowest ${health[health.length - 1].toFixed(1)} ms (${health.length} probes); ` +
          `flood: ${sent} requests, answered ${answered}`,
      );
    }
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  try {
    await measure('shipped limits', {
      RATE_LIMIT_MAX: '600',
      AUTH_RATE_LIMIT_IP_MAX: '30',
      AUTH_RATE_LIMIT_ACCOUNT_MAX: '10',
    });
    await measure('limits lifted', {
      RATE_LIMIT_MAX: '1000000',
      AUTH_RATE_LIMIT_IP_MAX: '1000000',
      AUTH_RATE_LIMIT_ACCOUNT_MAX: '1000000',
    });
  } finally {
    await database.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
