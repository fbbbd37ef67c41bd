import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AppThrottlerGuard } from './app-throttler.guard';
import { BoundedMemo } from './bounded-memo';
import { FixedWindowThrottlerStorage } from './fixed-window-storage';

const options = { throttlers: [{ name: 'default', ttl: 60_000, limit: 10 }] };

class Guards {
  readonly app = new AppThrottlerGuard(options, new FixedWindowThrottlerStorage(), new Reflector());
  readonly library = new ThrottlerGuard(
    options,
    new FixedWindowThrottlerStorage(),
    new Reflector(),
  );

  tracker(guard: ThrottlerGuard, ip: string): Promise<string> {
    return (guard as unknown as { getTracker(req: object): Promise<string> }).getTracker({ ip });
  }

  key(guard: ThrottlerGuard, context: ExecutionContext, suffix: string, name: string): string {
    const g = guard as unknown as {
      generateKey(c: ExecutionContext, s: string, n: string): string;
    };
    return g.generateKey(context, suffix, name);
  }
}

class StudentsController {
  getStudent(): void {}
  listStudents(): void {}
}

const contextOf = (handler: () => void): ExecutionContext =>
  ({
    getClass: () => StudentsController,
    getHandler: () => handler,
  }) as unknown as ExecutionContext;

describe('AppThrottlerGuard', () => {
  it.each(['127.0.0.1', '::ffff:10.1.2.3', '2001:db8:abcd:12:1:2:3:4', '2001:db8:abcd:12::9'])(
    'tracks %s as the library does, first time and remembered',
    async (ip) => {
      const guards = new Guards();
      await Promise.all([guards.app.onModuleInit(), guards.library.onModuleInit()]);
      const expected = await guards.tracker(guards.library, ip);
      expect(await guards.tracker(guards.app, ip)).toBe(expected);
      expect(await guards.tracker(guards.app, ip)).toBe(expected);
    },
  );

  it('keys a counter as the library does, per handler, limit name and tracker', () => {
    const guards = new Guards();
    const proto = StudentsController.prototype;
    const cases: [() => void, string, string][] = [
      [proto.getStudent, '127.0.0.1', 'default'],
      [proto.getStudent, '127.0.0.2', 'default'],
      [proto.listStudents, '127.0.0.1', 'default'],
      [proto.getStudent, 'email:a@b.c', 'auth-account'],
    ];
    const keys = cases.map(([handler, suffix, name]) => {
      const expected = guards.key(guards.library, contextOf(handler), suffix, name);
      expect(guards.key(guards.app, contextOf(handler), suffix, name)).toBe(expected);
      expect(guards.key(guards.app, contextOf(handler), suffix, name)).toBe(expected);
      return expected;
    });
    expect(new Set(keys).size).toBe(cases.length);
  });
});

describe('BoundedMemo', () => {
  it('keeps at most its capacity, starting again empty once full', () => {
    const memo = new BoundedMemo(2);
    memo.set('a', '1');
    memo.set('b', '2');
    expect([memo.get('a'), memo.get('b'), memo.size]).toEqual(['1', '2', 2]);
    memo.set('c', '3');
    expect([memo.get('a'), memo.get('c'), memo.size]).toEqual([undefined, '3', 1]);
  });
});
