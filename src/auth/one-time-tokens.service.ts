import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { OneTimeTokenPurpose } from './entities/one-time-token.entity';
import { OneTimeTokensRepository } from './one-time-tokens.repository';
import { randomToken, sha256Hex } from './tokens/opaque-token';

/** How long an emailed token stays usable. */
export const ONE_TIME_TOKEN_TTL_SECONDS: Record<OneTimeTokenPurpose, number> = {
  email_verification: 24 * 3600,
  password_reset: 3600,
};

/**
 * Emailed tokens (email verification, password reset): 256 random bits, stored only as a
 * SHA-256 hash, bound to one purpose, expiring, usable once. Issuing a new one voids the
 * user's older unused tokens of the same purpose.
 */
@Injectable()
export class OneTimeTokensService {
  constructor(private readonly tokens: OneTimeTokensRepository) {}

  /** In the current transaction (its own outside one). */
  @Transactional()
  async issue(userId: string, purpose: OneTimeTokenPurpose): Promise<string> {
    const token = randomToken(32);
    await this.tokens.voidUnused(userId, purpose);
    await this.tokens.insert(
      userId,
      purpose,
      sha256Hex(token),
      ONE_TIME_TOKEN_TTL_SECONDS[purpose],
    );
    return token;
  }

  /** The user a usable token belongs to and when it expires, without spending it; null when not usable. */
  async peek(
    token: string,
    purpose: OneTimeTokenPurpose,
  ): Promise<{ userId: string; expiresAt: Date } | null> {
    if (!isPlausible(token)) return null;
    return this.tokens.findUsable(sha256Hex(token), purpose);
  }

  /**
   * Spends a usable token (atomically: only one caller can) and returns its user, else null;
   * in the current transaction, if any.
   */
  async consume(token: string, purpose: OneTimeTokenPurpose): Promise<string | null> {
    if (!isPlausible(token)) return null;
    return this.tokens.spend(sha256Hex(token), purpose);
  }

  /** Voids every unused token of the purpose for the user (e.g. after a password change). */
  async voidAll(userId: string, purpose: OneTimeTokenPurpose): Promise<void> {
    await this.tokens.voidUnused(userId, purpose);
  }
}

function isPlausible(token: string): boolean {
  return token.length >= 16 && token.length <= 200;
}
