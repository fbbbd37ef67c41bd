import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { normalizeReturning } from '../database/normalize-returning';
import type { MainTransactionHost } from '../database/transactions';
import type { OneTimeTokenPurpose } from './entities/one-time-token.entity';

/** The auth module's only access to `one_time_tokens`, in the current transaction if any. */
@Injectable()
export class OneTimeTokensRepository {
  constructor(@InjectTransactionHost() private readonly txHost: MainTransactionHost) {}

  /** Marks every unused token of the purpose for the user used. */
  async voidUnused(userId: string, purpose: OneTimeTokenPurpose): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE one_time_tokens SET used_at = now()
        WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
      [userId, purpose],
    );
  }

  async insert(
    userId: string,
    purpose: OneTimeTokenPurpose,
    tokenHash: string,
    ttlSeconds: number,
  ): Promise<void> {
    await this.txHost.tx.query(
      `INSERT INTO one_time_tokens (user_id, purpose, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [userId, purpose, tokenHash, ttlSeconds],
    );
  }

  /** The unused, unexpired token with this hash and purpose: its user and expiry. */
  async findUsable(
    tokenHash: string,
    purpose: OneTimeTokenPurpose,
  ): Promise<{ userId: string; expiresAt: Date } | null> {
    const rows: { user_id: string; expires_at: Date }[] = await this.txHost.tx.query(
      `SELECT user_id, expires_at FROM one_time_tokens
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()`,
      [tokenHash, purpose],
    );
    const row = rows[0];
    return row ? { userId: row.user_id, expiresAt: row.expires_at } : null;
  }

  /** Marks the usable token used (only one caller can) and returns its user, else null. */
  async spend(tokenHash: string, purpose: OneTimeTokenPurpose): Promise<string | null> {
    const result: unknown = await this.txHost.tx.query(
      `UPDATE one_time_tokens SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id`,
      [tokenHash, purpose],
    );
    return normalizeReturning<{ user_id: string }>(result)[0]?.user_id ?? null;
  }
}
