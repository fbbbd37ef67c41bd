import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { StoreFallback } from './store-fallback';

/** A counter and the milliseconds left in its window (0 when there is none). */
export interface FailureCount {
  count: number;
  msLeft: number;
}

/**
 * Fixed-window failure counters: a window opens at the first failure and lasts its ttl; only
 * failures increment; a key can be cleared (a success). Shared through Redis when configured.
 */
export interface FailureCounterStore {
  read(keys: string[]): Promise<FailureCount[]>;
  /** Adds one to each key (opening its window with its ttl when none is open). */
  increment(entries: { key: string; ttlMs: number }[]): Promise<FailureCount[]>;
  clear(key: string): Promise<void>;
  close(): void;
}

const SWEEP_EVERY_MS = 60_000;

/** This process's counters; expired ones are dropped on reading and by a periodic sweep. */
export class MemoryFailureCounterStore implements FailureCounterStore {
  private readonly counters = new Map<string, { count: number; expiresAt: number }>();
  private readonly sweeper = setInterval(() => this.sweep(), SWEEP_EVERY_MS).unref();

  read(keys: string[]): Promise<FailureCount[]> {
    const now = Date.now();
    return Promise.resolve(keys.map((key) => this.current(key, now)));
  }

  increment(entries: { key: string; ttlMs: number }[]): Promise<FailureCount[]> {
    const now = Date.now();
    return Promise.resolve(
      entries.map(({ key, ttlMs }) => {
        const open = this.counters.get(key);
        const counter = open && open.expiresAt > now ? open : { count: 0, expiresAt: now + ttlMs };
        counter.count += 1;
        this.counters.set(key, counter);
        return { count: counter.count, msLeft: counter.expiresAt - now };
      }),
    );
  }

  clear(key: string): Promise<void> {
    this.counters.delete(key);
    return Promise.resolve();
  }

  close(): void {
    clearInterval(this.sweeper);
    this.counters.clear();
  }

  private current(key: string, now: number): FailureCount {
    const counter = this.counters.get(key);
    if (!counter || counter.expiresAt <= now) {
      this.counters.delete(key);
      return { count: 0, msLeft: 0 };
    }
    return { count: counter.count, msLeft: counter.expiresAt - now };
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, counter] of this.counters) {
      if (counter.expiresAt <= now) this.counters.delete(key);
    }
  }
}

/** Counters in Redis: SET NX with the ttl opens a window, INCR keeps it, PTTL tells what is left. */
export class RedisFailureCounterStore implements FailureCounterStore {
  constructor(private readonly redis: Redis) {}

  async read(keys: string[]): Promise<FailureCount[]> {
    const pipeline = this.redis.multi();
    for (const key of keys) pipeline.get(key).pttl(key);
    const replies = await pipeline.exec();
    return keys.map((_, i) => {
      const count = Number(this.reply(replies, 2 * i) ?? 0);
      const msLeft = Number(this.reply(replies, 2 * i + 1));
      return msLeft > 0 ? { count, msLeft } : { count: 0, msLeft: 0 };
    });
  }

  async increment(entries: { key: string; ttlMs: number }[]): Promise<FailureCount[]> {
    const pipeline = this.redis.multi();
    for (const { key, ttlMs } of entries) {
      pipeline.set(key, 0, 'PX', ttlMs, 'NX').incr(key).pttl(key);
    }
    const replies = await pipeline.exec();
    return entries.map((_, i) => ({
      count: Number(this.reply(replies, 3 * i + 1)),
      msLeft: Math.max(0, Number(this.reply(replies, 3 * i + 2))),
    }));
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(key);
  }

  close(): void {
    this.redis.disconnect(false);
  }

  private reply(replies: [Error | null, unknown][] | null, index: number): unknown {
    const entry = replies?.[index];
    if (!entry) throw new Error('Redis transaction was discarded');
    if (entry[0]) throw entry[0];
    return entry[1];
  }
}

/**
 * The shared store and, while it cannot be reached, this process's memory: an outage of Redis
 * neither stalls logins nor turns the failure limits off.
 */
export class ResilientFailureCounterStore implements FailureCounterStore {
  private readonly fallback = new MemoryFailureCounterStore();
  private readonly onFailure = new StoreFallback(
    new Logger('LoginFailureStore'),
    'Login failure store unreachable; counting in memory meanwhile',
  );

  constructor(private readonly primary: FailureCounterStore) {}

  read(keys: string[]): Promise<FailureCount[]> {
    return this.onFailure.run(
      () => this.primary.read(keys),
      () => this.fallback.read(keys),
    );
  }

  increment(entries: { key: string; ttlMs: number }[]): Promise<FailureCount[]> {
    return this.onFailure.run(
      () => this.primary.increment(entries),
      () => this.fallback.increment(entries),
    );
  }

  clear(key: string): Promise<void> {
    return this.onFailure.run(
      async () => {
        await this.fallback.clear(key);
        await this.primary.clear(key);
      },
      () => this.fallback.clear(key),
    );
  }

  close(): void {
    this.primary.close();
    this.fallback.close();
  }
}
