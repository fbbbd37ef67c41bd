import type { NextFunction, Request, Response } from 'express';
import { ClsServiceManager } from 'nestjs-cls';
import { RequestContext } from './request-context';
import type { RequestContextStore } from './request-context';
import { openRequestContext } from './request-context-setup';

function fakeExchange(headers: Record<string, string>) {
  const set: Record<string, unknown> = {};
  const req = { headers, ip: '198.51.100.4' } as unknown as Request & { id?: string };
  const res = {
    setHeader: (name: string, value: unknown) => (set[name.toLowerCase()] = value),
  } as unknown as Response;
  return { req, res, set };
}

describe('openRequestContext', () => {
  const open = openRequestContext(ClsServiceManager.getClsService<RequestContextStore>());
  const context = RequestContext.outsideContainer();

  it('keeps a safe x-request-id, on the response, the request and the context', async () => {
    const { req, res, set } = fakeExchange({ 'x-request-id': 'abc-123', 'user-agent': 'ua/2' });
    const seen = await new Promise<unknown[]>((resolve) => {
      const next: NextFunction = () => {
        void Promise.resolve().then(() =>
          resolve([context.requestId, context.ipAddress, context.userAgent]),
        );
      };
      open(req, res, next);
    });
    expect(seen).toEqual(['abc-123', '198.51.100.4', 'ua/2']);
    expect([set['x-request-id'], req.id]).toEqual(['abc-123', 'abc-123']);
    expect(context.requestId).toBeNull();
  });

  it('makes a new id for an unsafe one, and the caller is read from the request', () => {
    const { req, res, set } = fakeExchange({ 'x-request-id': 'bad id\n' });
    let inside: [string | null, string | null] = [null, null];
    open(req, res, () => {
      (req as Request & { user?: unknown }).user = { id: 'u-9', role: 'teacher' };
      inside = [context.requestId, context.caller?.id ?? null];
    });
    expect(inside[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect([set['x-request-id'], req.id, inside[1]]).toEqual([inside[0], inside[0], 'u-9']);
  });
});
