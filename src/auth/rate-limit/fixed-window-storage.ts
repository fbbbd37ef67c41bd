import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

/** What a store answers for a hit (the library does not export its record type). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Window {
  hits: number;
  /** When this window's count starts again (ms since the epoch). */
  endsAt: number;
  /** While the limit is exceeded: when the block lifts; else 0. */
  blockedUntil: number;
}

const SWEEP_INTERVAL_MS = 60_000;

/**
 * The rate limits' counters in this process's memory: a fixed window per key and limit, with
 * the same rules as the Redis store (@nest-lab/throttler-storage-redis), so a limit behaves the
 * same whichever store counts it: a window starts with a key's first hit and lasts `ttl`; a hit
 * beyond `limit` in a window blocks the key for `blockDuration`, and hits during the block
 * still count (a block that lifts inside the same window is followed by another). One counter
 * per key, so a hit costs the same however many came before it. (The library's own memory store keeps every hit's time and scans them all on each
 * hit: 24 µs a hit at 600 hits in the window, 160 µs at 10,000, 1.9 ms at 50,000.) Windows and
 * blocks that have ended are swept once a minute.
 */
export class FixedWindowThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly windows = new Map<string, Window>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** How many keys are counted at the moment (ended ones until the next sweep). */
  get size(): number {
    return this.windows.size;
  }

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    this.sweeper ??= setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();
    const now = this.now();
    const id = `${throttlerName}\u0000${key}`;
    let window = this.windows.get(id);
    if (!window) {
      window = { hits: 0, endsAt: now + ttl, blockedUntil: 0 };
      this.windows.set(id, window);
    } else if (window.endsAt <= now) {
      window.hits = 0;
      window.endsAt = now + ttl;
    }
    window.hits += 1;
    if (window.blockedUntil <= now) {
      window.blockedUntil = window.hits > limit ? now + blockDuration : 0;
    }
    const blocked = window.blockedUntil !== 0;
    return Promise.resolve({
      totalHits: window.hits,
      timeToExpire: Math.ceil((window.endsAt - now) / 1000),
      isBlocked: blocked,
      timeToBlockExpire: blocked ? Math.ceil((window.blockedUntil - now) / 1000) : 0,
    });
  }

  /** Forgets every window and block that has ended. */
  sweep(): void {
    const now = this.now();
    for (const [id, window] of this.windows) {
      if (window.endsAt <= now && window.blockedUntil <= now) this.windows.delete(id);
    }
  }

  onApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}
