import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import { precomputedHeaders } from './precomputed-headers';

function response(): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  req.method = 'GET';
  req.url = '/api/students/STU0001';
  req.headers = { host: 'api.example', 'user-agent': 'spec' };
  const res = new ServerResponse(req);
  res.setHeader('X-Powered-By', 'Express');
  return { req, res };
}

function headersAfter(middleware: ReturnType<typeof precomputedHeaders>): Record<string, unknown> {
  const { req, res } = response();
  let next = 0;
  middleware(req, res, () => (next += 1));
  expect(next).toBe(1);
  return res.getHeaders();
}

describe('precomputedHeaders', () => {
  it.each([
    [
      'the API policy',
      () =>
        helmet({
          contentSecurityPolicy: {
            useDefaults: false,
            directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
          },
          crossOriginResourcePolicy: { policy: 'same-site' },
        }),
    ],
    [
      'the docs policy',
      () =>
        helmet({
          contentSecurityPolicy: {
            directives: { defaultSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"] },
          },
        }),
    ],
  ])('sets exactly what helmet sets, %s', (_name, make) => {
    const real = make();
    const direct = headersAfter((req, res, next) => real(req, res, next));
    const fixed = headersAfter(precomputedHeaders((req, res, next) => real(req, res, next)));
    expect(fixed).toEqual(direct);
    expect(fixed['content-security-policy']).toBeDefined();
    expect(fixed['x-powered-by']).toBeUndefined();
  });

  it('refuses middleware that does not pass the request on at once', () => {
    expect(() => precomputedHeaders(() => undefined)).toThrow(/did not pass the request on/);
  });
});
