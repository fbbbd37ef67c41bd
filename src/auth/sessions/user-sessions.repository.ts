import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '../../common/auth/role';
import { normalizeReturning } from '../../database/normalize-returning';
import type { MainTransactionHost } from '../../database/transactions';
import type { UserSession } from '../entities/user-session.entity';
import { ACCOUNTS } from '../../users/accounts-sql';

/** A session row to insert: its lifetimes in seconds from now. */
export interface NewUserSession {
  id: string;
  userId: string;
  refreshTokenHash: string;
  ipAddress: string | null;
  userAgent: string | null;
  idleSeconds: number;
  absoluteSeconds: number;
}

/** The session and its user after a successful rotation. */
export interface RotatedSessionRow {
  user_id: string;
  email: string;
  role: Role;
  expires_at: Date;
}

/** A live session's user, as an access token's check needs it. */
export interface LiveSessionRow {
  id: string;
  email: string;
  role: Role;
  last_used_at: Date;
  live_until: Date;
}

/** A session is live while neither revoked nor past its idle or absolute expiry. */
const LIVE = 's.revoked_at IS NULL AND s.expires_at > now() AND s.idle_expires_at > now()';

/**
 * The auth module's only access to `user_sessions` (joined with `users` where a session's check
 * needs its user's state), in the current transaction if any.
 */
@Injectable()
export class UserSessionsRepository {
  constructor(
    @InjectTransactionHost() private readonly txHost: MainTransactionHost,
    private readonly dataSource: DataSource,
  ) {}

  /** Whether the user has any session (ended ones too), and one from this address and browser. */
  async clientHistory(
    userId: string,
    ip: string | null,
    userAgent: string | null,
  ): Promise<{ any: boolean; seen: boolean | null } | undefined> {
    const rows: { any: boolean; seen: boolean | null }[] = await this.txHost.tx.query(
      `SELECT count(*) > 0 AS any,
              bool_or(ip_address IS NOT DISTINCT FROM $2 AND user_agent IS NOT DISTINCT FROM $3) AS seen
         FROM user_sessions WHERE user_id = $1`,
      [userId, ip, userAgent],
    );
    return rows[0];
  }

  /** Inserts the session; returns its absolute expiry. */
  async insert(session: NewUserSession): Promise<Date> {
    const rows: { expires_at: Date }[] = await this.txHost.tx.query(
      `INSERT INTO user_sessions
         (id, user_id, refresh_token_hash, ip_address, user_agent, idle_expires_at, expires_at)
       VALUES ($1, $2, $3, $4, $5,
               now() + make_interval(secs => $6), now() + make_interval(secs => $7))
       RETURNING expires_at`,
      [
        session.id,
        session.userId,
        session.refreshTokenHash,
        session.ipAddress,
        session.userAgent,
        session.idleSeconds,
        session.absoluteSeconds,
      ],
    );
    return rows[0].expires_at;
  }

  /**
   * Replaces the live session's current hash `fromHash` by `toHash` (one conditional UPDATE:
   * of two rotations of one token exactly one matches) if its user is active; null otherwise.
   */
  async rotate(
    sessionId: string,
    fromHash: string,
    toHash: string,
    idleSeconds: number,
  ): Promise<RotatedSessionRow | null> {
    const result: unknown = await this.txHost.tx.query(
      `UPDATE user_sessions s
            SET refresh_token_hash = $3,
                generation = s.generation + 1,
                last_used_at = now(),
                idle_expires_at = LEAST(now() + make_interval(secs => $4), s.expires_at)
           FROM ${ACCOUNTS} u
          WHERE s.id = $1 AND s.refresh_token_hash = $2 AND ${LIVE}
            AND u.id = s.user_id AND u.is_active
          RETURNING s.user_id, u.email, u.role, s.expires_at`,
      [sessionId, fromHash, toHash, idleSeconds],
    );
    const updated = normalizeReturning<RotatedSessionRow>(result);
    return updated.length === 1 ? updated[0] : null;
  }

  /** The session whose current hash is `hash`, unless revoked or past its absolute expiry. */
  async findByCurrentHash(
    sessionId: string,
    hash: string,
  ): Promise<{ id: string; user_id: string } | undefined> {
    const rows: { id: string; user_id: string }[] = await this.txHost.tx.query(
      `SELECT id, user_id FROM user_sessions
        WHERE id = $1 AND refresh_token_hash = $2 AND revoked_at IS NULL AND expires_at > now()`,
      [sessionId, hash],
    );
    return rows[0];
  }

  /** The session's user, if the session is live and its user active and verified. */
  async findLive(sessionId: string, userId: string): Promise<LiveSessionRow | undefined> {
    const rows: LiveSessionRow[] = await this.txHost.tx.query(
      `SELECT u.id, u.email, u.role, s.last_used_at,
              LEAST(s.expires_at, s.idle_expires_at) AS live_until
         FROM user_sessions s JOIN ${ACCOUNTS} u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2 AND ${LIVE}
          AND u.is_active AND u.email_verified`,
      [sessionId, userId],
    );
    return rows[0];
  }

  /** The user's live sessions, most recently used first. */
  listLive(userId: string): Promise<UserSession[]> {
    return this.txHost.tx.query(
      `SELECT s.id, s.user_id AS "userId", s.refresh_token_hash AS "refreshTokenHash",
              s.generation, s.ip_address AS "ipAddress", s.user_agent AS "userAgent",
              s.created_at AS "createdAt", s.last_used_at AS "lastUsedAt",
              s.idle_expires_at AS "idleExpiresAt", s.expires_at AS "expiresAt",
              s.revoked_at AS "revokedAt", s.revoked_reason AS "revokedReason"
         FROM user_sessions s
        WHERE s.user_id = $1 AND ${LIVE}
        ORDER BY s.last_used_at DESC, s.created_at DESC`,
      [userId],
    );
  }

  /** Ends one live session of the user; false when there is none with that id. */
  async revoke(sessionId: string, userId: string, reason: string): Promise<boolean> {
    const result: unknown = await this.txHost.tx.query(
      `UPDATE user_sessions s SET revoked_at = now(), revoked_reason = $3
        WHERE s.id = $1 AND s.user_id = $2 AND ${LIVE}
        RETURNING s.id`,
      [sessionId, userId, reason],
    );
    return normalizeReturning(result).length === 1;
  }

  /** Ends every unrevoked session of the user but `exceptSessionId`; returns how many. */
  async revokeAllOfUser(
    userId: string,
    reason: string,
    exceptSessionId: string | null,
  ): Promise<number> {
    const result: unknown = await this.txHost.tx.query(
      `UPDATE user_sessions SET revoked_at = now(), revoked_reason = $2
        WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3::uuid)
        RETURNING id`,
      [userId, reason, exceptSessionId],
    );
    return normalizeReturning(result).length;
  }

  /**
   * Ends the session if it is unrevoked and its current hash is not `hash` (a spent token was
   * presented); returns its user and generation, or null.
   */
  async revokeReplayed(
    sessionId: string,
    hash: string,
  ): Promise<{ user_id: string; generation: number } | null> {
    const result: unknown = await this.txHost.tx.query(
      `UPDATE user_sessions SET revoked_at = now(), revoked_reason = 'refresh_token_reuse'
        WHERE id = $1 AND refresh_token_hash <> $2 AND revoked_at IS NULL
        RETURNING user_id, generation`,
      [sessionId, hash],
    );
    return normalizeReturning<{ user_id: string; generation: number }>(result)[0] ?? null;
  }

  /** Why the session ended (null: it has not), or undefined when there is no such session. */
  async revokedReason(sessionId: string): Promise<string | null | undefined> {
    const rows: { revoked_reason: string | null }[] = await this.txHost.tx.query(
      'SELECT revoked_reason FROM user_sessions WHERE id = $1',
      [sessionId],
    );
    return rows[0]?.revoked_reason;
  }

  /** Writes last_used_at. */
  async touch(sessionId: string): Promise<void> {
    // On the pool, never in the caller's transaction: nobody waits for it (fire and forget).
    await this.dataSource.query('UPDATE user_sessions SET last_used_at = now() WHERE id = $1', [
      sessionId,
    ]);
  }
}
