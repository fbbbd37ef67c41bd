import { Logger, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { FixedWindowThrottlerStorage, ThrottlerStorageRecord } from './fixed-window-storage';
import { StoreFallback } from './store-fallback';

/**
 * Counts in the shared store (Redis) and, while it is unreachable, in this process's memory,
 * so an outage of the store neither stalls requests nor turns the limits off.
 */
export class ResilientThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly fallback = new FixedWindowThrottlerStorage();
  private readonly onFailure = new StoreFallback(
    new Logger('RateLimitStorage'),
    'Rate-limit store unreachable; counting in memory meanwhile',
  );

  constructor(
    private readonly primary: ThrottlerStorage,
    private readonly close: () => void,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    return this.onFailure.run(
      () => this.primary.increment(key, ttl, limit, blockDuration, throttlerName),
      () => this.fallback.increment(key, ttl, limit, blockDuration, throttlerName),
    );
  }

  onApplicationShutdown(): void {
    this.close();
    this.fallback.onApplicationShutdown();
  }
}
