import { InjectTransactionHost, Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { MainTransactionHost } from '../database/transactions';
import type { OneTimeTokenPurpose } from './entities/one-time-token.entity';
import { normalizeReturning } from '../database/normalize-returning';
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
  constructor(
    private readonly dataSource: DataSource,
    @InjectTransactionHost() private readonly txHost: MainTransactionHost,
  ) {}

  /** In the current transaction (its own outside one). */
  @Transactional()
  async issue(userId: string, purpose: OneTimeTokenPurpose): Promise<string> {
    const runner = this.txHost.tx;
    const token = randomToken(32);
    await runner.query(
      `UPDATE one_time_tokens SET used_at = now()
        WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
      [userId, purpose],
    );
    await runner.query(
      `INSERT INTO one_time_tokens (user_id, purpose, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [userId, purpose, sha256Hex(token), ONE_TIME_TOKEN_TTL_SECONDS[purpose]],
    );
    return token;
  }

  /** The user a usable token belongs to and when it expires, without spending it; null when not usable. */
  async peek(
    token: string,
    purpose: OneTimeTokenPurpose,
  ): Promise<{ userId: string; expiresAt: Date } | null> {
    if (!isPlausible(token)) return null;
    const rows: { user_id: string; expires_at: Date }[] = await this.dataSource.query(
      `SELECT user_id, expires_at FROM one_time_tokens
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()`,
      [sha256Hex(token), purpose],
    );
    const row = rows[0];
    return row ? { userId: row.user_id, expiresAt: row.expires_at } : null;
  }

  /**
   * Spends a usable token (atomically: only one caller can) and returns its user, else null;
   * in the current transaction, if any.
   */
  async consume(token: string, purpose: OneTimeTokenPurpose): Promise<string | null> {
    if (!isPlausible(token)) return null;
    const result: unknown = await this.txHost.tx.query(
      `UPDATE one_time_tokens SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id`,
      [sha256Hex(token), purpose],
    );
    return normalizeReturning<{ user_id: string }>(result)[0]?.user_id ?? null;
  }

  /** Voids every unused token of the purpose for the user (e.g. after a password change). */
  async voidAll(userId: string, purpose: OneTimeTokenPurpose) {
    await this.txHost.tx.query(
      `UPDATE one_time_tokens SET used_at = now()
        WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
      [userId, purpose],
    );
  }
}

function isPlausible(token: string): boolean {
  return token.length >= 16 && token.length <= 200;
}
