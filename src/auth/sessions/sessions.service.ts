import { InjectTransactionHost, Propagation } from '@nestjs-cls/transactional';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import type { Role } from '../../common/auth/role';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { AuditService } from '../../audit/audit.service';
import type { RequestContext } from '../../common/request-context/request-context';
import type { MainTransactionHost } from '../../database/transactions';
import { InvalidRefreshTokenError, RefreshTokenReusedError } from '../auth.errors';
import type { UserSession } from '../entities/user-session.entity';
import { RefreshTokenCodec } from '../tokens/refresh-token';
import { REFRESH_TOKEN_CODEC } from './refresh-token-codec.provider';
import type { SessionCache } from './session-cache';
import { SessionEventsListener } from './session-events.listener';
import { UserSessionsRepository } from './user-sessions.repository';

export interface SessionClient {
  ip: string | null;
  userAgent: string | null;
}

export interface IssuedSession {
  sessionId: string;
  refreshToken: string;
  /** Absolute end of the session (the refresh cookie expires then). */
  expiresAt: Date;
}

export interface RotatedSession extends IssuedSession {
  user: { id: string; email: string; role: Role };
}

/** Why a session ended, as stored in `revoked_reason`. */
export type RevokeReason =
  | 'logout'
  | 'revoked_by_user'
  | 'refresh_token_reuse'
  | 'password_changed'
  | 'password_reset'
  | 'role_changed'
  | 'deactivated';

/** last_used_at is written at most this often by access-token use (refreshes always write it). */
const TOUCH_INTERVAL_MS = 60_000;

function clip(value: string | null, max: number): string | null {
  return value === null ? null : value.slice(0, max);
}

/**
 * Login sessions: one row per login holding the hash of its current refresh token. Rotation is
 * a single conditional UPDATE, so of two refreshes with the same token exactly one wins; an
 * authentic token that no longer matches was already spent, and presenting it ends the session.
 * Access tokens carry the session id; their session is checked against the row, or against
 * this instance's short-lived cache of live sessions, which the database's session events keep
 * exact on every instance (SessionEventsListener) and which is bypassed while they cannot be
 * heard.
 */
@Injectable()
export class SessionsService {
  private readonly logger = new Logger(SessionsService.name);
  private readonly cache: SessionCache;

  constructor(
    private readonly sessions: UserSessionsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REFRESH_TOKEN_CODEC) private readonly codec: RefreshTokenCodec,
    private readonly audit: AuditService,
    events: SessionEventsListener,
    @InjectTransactionHost() private readonly txHost: MainTransactionHost,
  ) {
    this.cache = events.cache;
  }

  /** The calling client's address and browser, from the request context. */
  static clientOf(context: RequestContext): SessionClient {
    return { ip: clip(context.ipAddress, 45), userAgent: clip(context.userAgent, 512) };
  }

  /**
   * Whether the user has signed in before (`first_sign_in` if never), and if so whether ever
   * from this address and browser (`known_client`) or not (`new_client`). Ended sessions count.
   */
  async clientHistory(
    userId: string,
    client: SessionClient,
  ): Promise<'first_sign_in' | 'known_client' | 'new_client'> {
    const row = await this.sessions.clientHistory(userId, client.ip, client.userAgent);
    if (!row?.any) return 'first_sign_in';
    return row.seen ? 'known_client' : 'new_client';
  }

  /** In the current transaction, if any. */
  async create(userId: string, client: SessionClient): Promise<IssuedSession> {
    const sessionId = RefreshTokenCodec.newSessionId();
    const { token, hash } = this.codec.issue(sessionId);
    const { refreshIdleTtlSeconds: idle, refreshAbsoluteTtlSeconds: absolute } = this.config.jwt;
    const expiresAt = await this.sessions.insert({
      id: sessionId,
      userId,
      refreshTokenHash: hash,
      ipAddress: client.ip,
      userAgent: client.userAgent,
      idleSeconds: Math.min(idle, absolute),
      absoluteSeconds: absolute,
    });
    return { sessionId, refreshToken: token, expiresAt };
  }

  /**
   * Spends `refreshToken` and issues its successor. Throws InvalidRefreshTokenError for unknown,
   * forged, expired or revoked tokens, and RefreshTokenReusedError (after ending the session and
   * writing a security audit event) for an authentic token that was already spent.
   */
  async rotate(refreshToken: string): Promise<RotatedSession> {
    const parsed = this.codec.parse(refreshToken);
    if (!parsed) throw new InvalidRefreshTokenError();
    const next = this.codec.issue(parsed.sessionId);
    const row = await this.sessions.rotate(
      parsed.sessionId,
      this.codec.hash(refreshToken),
      next.hash,
      this.config.jwt.refreshIdleTtlSeconds,
    );
    if (row) {
      return {
        sessionId: parsed.sessionId,
        refreshToken: next.token,
        expiresAt: row.expires_at,
        user: { id: row.user_id, email: row.email, role: row.role },
      };
    }
    await this.handleMismatch(refreshToken);
    throw new InvalidRefreshTokenError();
  }

  /**
   * The session a presented refresh token belongs to, if it is that session's current token
   * (used by logout). A spent token ends the session as in `rotate`.
   */
  async sessionOfRefreshToken(
    refreshToken: string,
  ): Promise<{ sessionId: string; userId: string }> {
    const parsed = this.codec.parse(refreshToken);
    if (!parsed) throw new InvalidRefreshTokenError();
    const row = await this.sessions.findByCurrentHash(
      parsed.sessionId,
      this.codec.hash(refreshToken),
    );
    if (row) return { sessionId: row.id, userId: row.user_id };
    await this.handleMismatch(refreshToken);
    throw new InvalidRefreshTokenError();
  }

  /**
   * The caller behind an access token, if its session is live and the user active: from the
   * cache when this instance saw the session within the last seconds and nothing has changed
   * it since, else from the database (and then cached until its idle or absolute expiry, at
   * most SESSION_CACHE_TTL_MS).
   */
  async findLiveCaller(userId: string, sessionId: string): Promise<AuthenticatedUser | null> {
    const cached = this.cache.get(sessionId, userId);
    if (cached) {
      if (Date.now() - cached.touchedAt > TOUCH_INTERVAL_MS) {
        this.cache.touched(sessionId);
        this.touch(sessionId);
      }
      return { id: cached.userId, email: cached.email, role: cached.role, sessionId };
    }
    const ticket = this.cache.begin();
    const row = await this.sessions.findLive(sessionId, userId);
    if (!row) return null;
    let touchedAt = row.last_used_at.getTime();
    if (Date.now() - touchedAt > TOUCH_INTERVAL_MS) {
      this.touch(sessionId);
      touchedAt = Date.now();
    }
    this.cache.store(
      ticket,
      sessionId,
      { userId: row.id, email: row.email, role: row.role, touchedAt },
      row.live_until,
    );
    return { id: row.id, email: row.email, role: row.role, sessionId };
  }

  /** The user's live sessions, most recently used first. */
  listLive(userId: string): Promise<UserSession[]> {
    return this.sessions.listLive(userId);
  }

  /** Ends one live session of the user; false when there is none with that id. */
  async revoke(sessionId: string, userId: string, reason: RevokeReason): Promise<boolean> {
    // This instance forgets it at once; every instance (this one too) hears the database's
    // event at commit.
    this.cache.dropSession(sessionId);
    return this.sessions.revoke(sessionId, userId, reason);
  }

  /**
   * Ends every session of the user (but `exceptSessionId`), in the current transaction if any;
   * returns how many were live.
   */
  async revokeAllForUser(
    userId: string,
    reason: RevokeReason,
    options: { exceptSessionId?: string } = {},
  ): Promise<number> {
    this.forgetUser(userId);
    return this.sessions.revokeAllOfUser(userId, reason, options.exceptSessionId ?? null);
  }

  /**
   * Drops the user's cached sessions on this instance at once, for a change to the user (role,
   * email, deactivation, deletion) made here. Other instances, and this one at commit, hear of
   * it from the database's session events anyway; this only closes the moment between the
   * change and the event's arrival here.
   */
  forgetUser(userId: string): void {
    this.cache.dropUser(userId);
  }

  /**
   * A token that did not match its session's current hash. If it is authentic (we issued it)
   * and the session is still live, it is a spent token being replayed: whoever holds the
   * session's tokens can no longer be trusted, so the session ends and the event is audited.
   */
  private async handleMismatch(refreshToken: string): Promise<void> {
    const parsed = this.codec.parse(refreshToken);
    if (!parsed || !this.codec.isAuthentic(parsed)) return;
    const hash = this.codec.hash(refreshToken);
    this.cache.dropSession(parsed.sessionId);
    // In a transaction of its own: the session stays ended even if the caller's rolls back.
    await this.txHost.withTransaction(Propagation.RequiresNew, async () => {
      const revoked = await this.sessions.revokeReplayed(parsed.sessionId, hash);
      if (!revoked) return;
      this.logger.warn(
        { session_id: parsed.sessionId, user_id: revoked.user_id },
        'Spent refresh token presented again; session revoked',
      );
      await this.audit.record({
        actor: null,
        action: 'auth.refresh_token_reused',
        target_type: 'session',
        target_id: parsed.sessionId,
        outcome: 'failure',
        details: { user_id: revoked.user_id, generation: revoked.generation },
      });
    });
    if ((await this.sessions.revokedReason(parsed.sessionId)) === 'refresh_token_reuse') {
      throw new RefreshTokenReusedError();
    }
  }

  private touch(sessionId: string): void {
    this.sessions.touch(sessionId).catch((error: unknown) => {
      this.logger.warn({ err: error, session_id: sessionId }, 'Could not update last_used_at');
    });
  }
}
