import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler';
import { RateLimitedError } from '../auth.errors';
import { BoundedMemo } from './bounded-memo';
import { RouteMetadataMemo } from './route-metadata-memo';

/** How many client addresses and counter keys each memo keeps before it starts again. */
const MEMO_CAPACITY = 4096;

/**
 * The throttler guard, answering 429 as a problem with `Retry-After` (in seconds) whichever
 * named limit was hit. The client's tracker (its address, IPv6 cut to its subnet) and the
 * counter key (a SHA-256 digest of class, handler, limit name and tracker) are the library's
 * own, remembered for the clients seen lately rather than worked out again on every request.
 * The routes' throttler metadata (skip, limit, ttl, ...) is read once per route, through
 * RouteMetadataMemo, in place of the injected Reflector, which only reads the same metadata.
 */
@Injectable()
export class AppThrottlerGuard extends ThrottlerGuard {
  protected override readonly reflector: Reflector = new RouteMetadataMemo();
  private readonly trackers = new BoundedMemo(MEMO_CAPACITY);
  private readonly keys = new BoundedMemo(MEMO_CAPACITY);

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const ip = req.ip;
    if (typeof ip !== 'string') return super.getTracker(req);
    return this.trackers.get(ip) ?? this.trackers.set(ip, await super.getTracker(req));
  }

  /** The library's key, memoized on the very text it digests. */
  protected override generateKey(context: ExecutionContext, suffix: string, name: string): string {
    const input = `${context.getClass().name}-${context.getHandler().name}-${name}-${suffix}`;
    return this.keys.get(input) ?? this.keys.set(input, super.generateKey(context, suffix, name));
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = detail.timeToBlockExpire > 0 ? detail.timeToBlockExpire : detail.timeToExpire;
    throw new RateLimitedError(seconds);
  }
}
