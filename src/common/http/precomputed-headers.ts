import type { IncomingMessage, ServerResponse } from 'node:http';

type Middleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * The same response headers as `middleware` sets, worked out once: it is run at start-up on
 * a stand-in response that records every header set or removed, and each request then gets
 * that list in one step. For middleware whose headers do not depend on the request (helmet
 * with fixed directives: no nonces, no functions); one that does not call `next` at once, or
 * that reads anything but headers, is refused here rather than copied wrongly.
 */
export function precomputedHeaders(middleware: Middleware): Middleware {
  const set: [string, string | number | readonly string[]][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.push([name, value]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  const request = { method: 'GET', url: '/', headers: {} };
  let passed = false;
  middleware(
    request as unknown as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      if (error) throw error instanceof Error ? error : new Error('The header middleware failed');
      passed = true;
    },
  );
  if (!passed) throw new Error('The header middleware did not pass the request on at once');
  return (_req, res, next) => {
    for (const [name, value] of set) res.setHeader(name, value);
    for (const name of removed) res.removeHeader(name);
    next();
  };
}
