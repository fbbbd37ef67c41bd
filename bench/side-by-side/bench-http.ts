/** Small HTTP helpers for the benchmark's own calls (not the load tests). */
export interface Caller {
  base: string;
  token: string;
}

export async function login(base: string, email: string, password: string): Promise<Caller> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login of ${email}: ${res.status} ${await res.text()}`);
  const { access_token: token } = (await res.json()) as { access_token: string };
  return { base, token };
}

/** One request; returns its wall time in ms and its body's size in bytes; throws unless 2xx. */
export async function timed(
  caller: Caller,
  path: string,
  init: { method?: string; body?: BodyInit; headers?: Record<string, string> } = {},
): Promise<{ ms: number; bytes: number; text: string }> {
  const started = performance.now();
  const res = await fetch(`${caller.base}${path}`, {
    method: init.method ?? 'GET',
    body: init.body,
    headers: { authorization: `Bearer ${caller.token}`, ...init.headers },
  });
  const text = await res.text();
  const ms = performance.now() - started;
  if (res.status < 200 || res.status >= 300)
    throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text.slice(0, 500)}`);
  return { ms, bytes: Buffer.byteLength(text), text };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
