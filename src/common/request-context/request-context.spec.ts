import { CLS_ID, CLS_REQ, ClsServiceManager } from 'nestjs-cls';
import { RequestContext } from './request-context';

describe('RequestContext', () => {
  const context = RequestContext.outsideContainer();
  const cls = ClsServiceManager.getClsService();

  it('is all null outside a request', () => {
    expect([context.requestId, context.ipAddress, context.userAgent, context.caller]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('reads the values of the current request, and its caller once authenticated', async () => {
    const req: { user?: unknown } = {};
    await cls.run(async () => {
      cls.set(CLS_ID, 'req-1');
      cls.set(CLS_REQ, req);
      cls.set('ip_address', '203.0.113.7');
      cls.set('user_agent', 'agent/1.0');
      expect(context.caller).toBeNull();
      req.user = { id: 'u-1', email: 'a@example.com', role: 'teacher', sessionId: 's-1' };
      await Promise.resolve();
      expect([context.requestId, context.ipAddress, context.userAgent]).toEqual([
        'req-1',
        '203.0.113.7',
        'agent/1.0',
      ]);
      expect(context.caller).toMatchObject({ id: 'u-1', role: 'teacher' });
    });
    expect(context.requestId).toBeNull();
  });

  it('keeps concurrent requests apart', async () => {
    const seen = await Promise.all(
      ['a', 'b'].map((id) =>
        cls.run(async () => {
          cls.set(CLS_ID, id);
          await new Promise((resolve) => setTimeout(resolve, id === 'a' ? 20 : 5));
          return context.requestId;
        }),
      ),
    );
    expect(seen).toEqual(['a', 'b']);
  });
});
