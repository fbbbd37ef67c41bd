import { SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SkipThrottle, Throttle } from '@nestjs/throttler';
import { RouteMetadataMemo } from './route-metadata-memo';

@Throttle({ default: { limit: 5, ttl: 1_000 } })
class LimitedController {
  @Throttle({ default: { limit: 2, ttl: 500 } })
  strict(): void {}

  plain(): void {}

  @SkipThrottle()
  skipped(): void {}
}

class OpenController extends LimitedController {}
SetMetadata('shared', 'open')(OpenController);

const keys = ['THROTTLER:LIMITdefault', 'THROTTLER:TTLdefault', 'THROTTLER:SKIPdefault', 'shared'];
const handlers = Object.values(Object.getOwnPropertyDescriptors(LimitedController.prototype))
  .map((d) => d.value as unknown)
  .filter((v): v is () => void => typeof v === 'function' && v !== LimitedController);

describe('RouteMetadataMemo', () => {
  it('answers as the Reflector does, for every key, route and controller, every time', () => {
    const reflector = new Reflector();
    const memo = new RouteMetadataMemo();
    const answers: unknown[] = [];
    for (let round = 0; round < 2; round++) {
      for (const controller of [LimitedController, OpenController]) {
        for (const handler of handlers) {
          for (const key of keys) {
            const expected = reflector.getAllAndOverride(key, [handler, controller]);
            expect(memo.getAllAndOverride(key, [handler, controller])).toEqual(expected);
            answers.push(expected);
          }
        }
      }
    }
    // The routes do differ: a memo mixing them up could not pass the comparison above.
    expect(answers).toEqual(expect.arrayContaining([2, 5, 500, 1_000, true, 'open', undefined]));
    // An inherited handler is answered for the controller it is asked about.
    const plain = LimitedController.prototype.plain;
    expect(memo.getAllAndOverride('shared', [plain, LimitedController])).toBeUndefined();
    expect(memo.getAllAndOverride('shared', [plain, OpenController])).toBe('open');
  });

  it('remembers each answer: metadata added later does not change it', () => {
    const memo = new RouteMetadataMemo();
    class LateController {
      route(): void {}
    }
    const route = LateController.prototype.route;
    expect(memo.getAllAndOverride('late', [route, LateController])).toBeUndefined();
    SetMetadata('late', 'set')(LateController);
    expect(memo.getAllAndOverride('late', [route, LateController])).toBeUndefined();
    expect(new Reflector().getAllAndOverride('late', [route, LateController])).toBe('set');
  });
});
