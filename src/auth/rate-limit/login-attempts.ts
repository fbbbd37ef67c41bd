import { createHash } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { normalizeIp } from '@nestjs/throttler';
import Redis from 'ioredis';
import type { AppConfig, RateLimitConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import {
  FailureCounterStore,
  MemoryFailureCounterStore,
  RedisFailureCounterStore,
  ResilientFailureCounterStore,
} from './failure-counter-store';

/** One login attempt as admitted: the counters it will touch, and the account's state. */
export interface AdmittedLogin {
  readonly clientKey: string;
  readonly accountKey: string;
  /** The account is past its account-wide failure limit (this client has no failure for it). */
  readonly accountUnderAttack: boolean;
}

/** The attempt may not be made now; retry after this many seconds. */
export type LoginRefusal = { retryAfterSeconds: number };

function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 32);
}

/**
 * Failed-login throttling after OWASP's authentication guidance, keyed so that a stranger's
 * failures do not lock the owner out:
 * - per account and client (IP after trust-proxy resolution): after `loginClientFailures`
 *   failures in a window that client is refused for that account until the window ends;
 * - per account from all clients: past `loginAccountFailures` failures in its (longer) window,
 *   only a client in good standing (no failure for the account in its own window) is let try,
 *   and its wrong password counts and is answered 429 at once.
 * Only failures count; a correct password clears the client's counter for the account. The
 * email is the account here, known or not, so unknown emails are throttled exactly alike.
 */
@Injectable()
export class LoginAttempts implements OnApplicationShutdown {
  private readonly store: FailureCounterStore;
  private readonly limits: RateLimitConfig;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limits = config.rateLimits;
    this.store = config.redisUrl
      ? new ResilientFailureCounterStore(new RedisFailureCounterStore(connect(config.redisUrl)))
      : new MemoryFailureCounterStore();
  }

  /** The counters of this email and client, or why the attempt is refused before any work. */
  async admit(email: string, ip: string | undefined): Promise<AdmittedLogin | LoginRefusal> {
    const account = digest(email.trim().toLowerCase());
    const clientKey = `client:${account}:${normalizeIp(ip ?? 'unknown')}`;
    const accountKey = `account:${account}`;
    const [client, whole] = await this.store.read([clientKey, accountKey]);
    const underAttack = whole.count >= this.limits.loginAccountFailures;
    if (client.count >= this.limits.loginClientFailures || (underAttack && client.count > 0)) {
      return { retryAfterSeconds: Math.ceil(client.msLeft / 1000) };
    }
    return { clientKey, accountKey, accountUnderAttack: underAttack };
  }

  /** Counts a failure; when the account is under attack, says how long this client must wait. */
  async failed(attempt: AdmittedLogin): Promise<LoginRefusal | undefined> {
    const [client] = await this.store.increment([
      { key: attempt.clientKey, ttlMs: this.limits.loginClientWindowSeconds * 1000 },
      { key: attempt.accountKey, ttlMs: this.limits.loginAccountWindowSeconds * 1000 },
    ]);
    return attempt.accountUnderAttack
      ? { retryAfterSeconds: Math.ceil(client.msLeft / 1000) }
      : undefined;
  }

  /** A correct password: this client's failures for the account are forgotten. */
  async succeeded(attempt: AdmittedLogin): Promise<void> {
    await this.store.clear(attempt.clientKey);
  }

  onApplicationShutdown(): void {
    this.store.close();
  }
}

function connect(url: string): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: 1000,
    connectTimeout: 2000,
    disconnectTimeout: 200,
    keyPrefix: 'spp:login-failures:',
  });
  redis.on('error', () => undefined); // reported by the resilient store when a command fails
  return redis;
}

export function isRefusal(result: AdmittedLogin | LoginRefusal): result is LoginRefusal {
  return 'retryAfterSeconds' in result;
}
