import { FixedWindowThrottlerStorage } from './fixed-window-storage';

describe('FixedWindowThrottlerStorage', () => {
  let clock = 0;
  let storage: FixedWindowThrottlerStorage;
  const hit = (key = 'k', ttl = 10_000, limit = 3, block = 10_000, name = 'default') =>
    storage.increment(key, ttl, limit, block, name);

  beforeEach(() => {
    clock = 1_000_000;
    storage = new FixedWindowThrottlerStorage(() => clock);
  });
  afterEach(() => storage.onApplicationShutdown());

  it('counts hits in a window that starts with the first hit and reports its remaining seconds', async () => {
    expect(await hit()).toEqual({
      totalHits: 1,
      timeToExpire: 10,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    clock += 2_500;
    expect(await hit()).toEqual({
      totalHits: 2,
      timeToExpire: 8,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  });

  it('blocks the hit after the limit for the block duration, and hits during the block count', async () => {
    for (let i = 0; i < 3; i++) expect((await hit()).isBlocked).toBe(false);
    clock += 1_000;
    expect(await hit()).toEqual({
      totalHits: 4,
      timeToExpire: 9,
      isBlocked: true,
      timeToBlockExpire: 10,
    });
    clock += 4_000;
    expect(await hit()).toEqual({
      totalHits: 5,
      timeToExpire: 5,
      isBlocked: true,
      timeToBlockExpire: 6,
    });
  });

  it('starts a new count once the window has ended and the block has lifted', async () => {
    for (let i = 0; i < 4; i++) await hit();
    clock += 10_000;
    expect(await hit()).toEqual({
      totalHits: 1,
      timeToExpire: 10,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  });

  it('blocks again when a short block lifts inside a window already over its limit', async () => {
    for (let i = 0; i < 4; i++) await hit('k', 10_000, 3, 2_000);
    clock += 2_000;
    expect(await hit('k', 10_000, 3, 2_000)).toEqual({
      totalHits: 5,
      timeToExpire: 8,
      isBlocked: true,
      timeToBlockExpire: 2,
    });
  });

  it('keeps keys and named limits apart', async () => {
    for (let i = 0; i < 4; i++) await hit('a');
    expect((await hit('a')).isBlocked).toBe(true);
    expect(await hit('b')).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(await hit('a', 10_000, 3, 10_000, 'auth-ip')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('costs one counter per key however many hits the window holds', async () => {
    for (let i = 0; i < 50_000; i++) await hit('busy', 60_000, 1_000_000);
    expect(await hit('busy', 60_000, 1_000_000)).toMatchObject({
      totalHits: 50_001,
      isBlocked: false,
    });
    expect(storage.size).toBe(1);
  });

  it('sweeps windows that have ended and keeps those still counting or blocked', async () => {
    await hit('ended', 1_000);
    for (let i = 0; i < 4; i++) await hit('blocked', 1_000, 3, 60_000);
    await hit('live', 60_000);
    clock += 5_000;
    storage.sweep();
    expect(storage.size).toBe(2);
    expect(await hit('blocked', 1_000, 3, 60_000)).toMatchObject({ isBlocked: true });
    expect(await hit('ended', 1_000)).toMatchObject({ totalHits: 1 });
  });
});
