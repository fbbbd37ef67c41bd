import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const WARN_INTERVAL_MS = 60_000;

/**
 * Counts in the shared store (Redis) and, while it is unreachable, in this process's memory,
 * so an outage of the store neither stalls requests nor turns the limits off.
 */
export class ResilientThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimitStorage');
  private readonly fallback = new ThrottlerStorageService();
  private lastWarning = 0;

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
    try {
      return await this.primary.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error: unknown) {
      const now = Date.now();
      if (now - this.lastWarning > WARN_INTERVAL_MS) {
        this.lastWarning = now;
        this.logger.warn(
          { err: error },
          'Rate-limit store unreachable; counting in memory meanwhile',
        );
      }
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  onApplicationShutdown(): void {
    this.close();
    this.fallback.onApplicationShutdown();
  }
}
