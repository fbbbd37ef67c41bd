import autocannon from 'autocannon';

/** What a load test measured: throughput of 2xx answers and latency of all answers. */
export interface LoadFigures {
  /** 2xx answers per second. */
  okPerSecond: number;
  p50: number;
  p99: number;
  ok: number;
  other: number;
}

/**
 * `connections` clients sending back to back for `seconds` (autocannon), each request built by
 * `request` (path, method, headers, body); throws when no request got a 2xx answer.
 */
export async function loadTest(options: {
  base: string;
  connections: number;
  seconds: number;
  request: () => { path: string; method?: 'GET' | 'POST'; body?: string };
  headers?: Record<string, string>;
}): Promise<LoadFigures> {
  const result = await autocannon({
    url: options.base,
    connections: options.connections,
    duration: options.seconds,
    headers: options.headers,
    requests: [{ setupRequest: (req) => ({ ...req, ...options.request() }) }],
  });
  const ok = result['2xx'];
  const other = result.non2xx + result.errors;
  if (ok === 0) throw new Error(`no 2xx answer from ${options.base} (${other} others)`);
  return {
    okPerSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    other,
  };
}
