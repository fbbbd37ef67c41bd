import type { ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import type { Request } from 'express';
import type { AppConfig } from '../../config/app-config';
import { FixedWindowThrottlerStorage } from './fixed-window-storage';
import { ResilientThrottlerStorage } from './resilient-throttler-storage';
import { accountKeyOf, isAuthRateLimited, isLogin } from './rate-limit-keys';

/**
 * Three limits: `default` (every route but health, per client IP), and on routes marked
 * `@AuthRateLimit()` also `auth-ip` (per IP) and `auth-account` (per email or session; not on
 * login, whose failures are counted per email and client by LoginAttempts, so a stranger's
 * requests cannot lock the owner out). Windows expire. Counters live in Redis when REDIS_URL is
 * set, else in this process (FixedWindowThrottlerStorage, the same fixed windows).
 */
export function throttlerOptions(config: AppConfig): ThrottlerModuleOptions {
  const limits = config.rateLimits;
  let storage: ThrottlerStorage = new FixedWindowThrottlerStorage();
  if (config.redisUrl) {
    const redis = new Redis(config.redisUrl, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: 1000,
      connectTimeout: 2000,
      disconnectTimeout: 200,
      keyPrefix: 'spp:rate-limit:',
    });
    redis.on('error', () => undefined); // reported by the storage when a command fails
    storage = new ResilientThrottlerStorage(new ThrottlerStorageRedisService(redis), () =>
      redis.disconnect(false),
    );
  }
  return {
    storage,
    throttlers: [
      { name: 'default', ttl: limits.windowSeconds * 1000, limit: limits.max },
      {
        name: 'auth-ip',
        ttl: limits.authIpWindowSeconds * 1000,
        limit: limits.authIpMax,
        setHeaders: false,
        skipIf: (context) => !isAuthRateLimited(context),
      },
      {
        name: 'auth-account',
        ttl: limits.authAccountWindowSeconds * 1000,
        limit: limits.authAccountMax,
        setHeaders: false,
        skipIf: (context) =>
          !isAuthRateLimited(context) ||
          isLogin(context) ||
          accountKeyOf(context.switchToHttp().getRequest<Request>()) === undefined,
        getTracker: (request) => accountKeyOf(request as Request) ?? 'none',
      },
    ],
  };
}
