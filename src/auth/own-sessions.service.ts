import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../audit/audit-entry';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { UnauthenticatedError } from '../common/errors/common.errors';
import { AccessTokensService } from './access-tokens.service';
import { SessionNotFoundError } from './auth.errors';
import { UserSession } from './entities/user-session.entity';
import { SessionsService } from './sessions/sessions.service';

/** A user's own sessions: listing them, ending one, and logging out. */
@Injectable()
export class OwnSessionsService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly accessTokens: AccessTokensService,
    private readonly audit: AuditService,
  ) {}

  list(caller: AuthenticatedUser): Promise<UserSession[]> {
    return this.sessions.listLive(caller.id);
  }

  /** Ends one of the caller's own sessions; someone else's (or an ended one) is a 404. */
  async revoke(caller: AuthenticatedUser, sessionId: string): Promise<void> {
    const ended = await this.end(sessionId, caller, 'revoked_by_user');
    if (!ended) throw new SessionNotFoundError();
  }

  /**
   * Ends the session named by an access token (Authorization header) or by its current refresh
   * token. An invalid access token is refused; a session that has already ended is fine.
   */
  async logout(credential: { accessToken: string } | { refreshToken: string }): Promise<void> {
    const { sessionId, userId } = await this.sessionOf(credential);
    await this.end(sessionId, { id: userId }, 'logout');
  }

  private async sessionOf(
    credential: { accessToken: string } | { refreshToken: string },
  ): Promise<{ sessionId: string; userId: string }> {
    if (!('accessToken' in credential)) {
      return this.sessions.sessionOfRefreshToken(credential.refreshToken);
    }
    const claims = await this.accessTokens.verify(credential.accessToken);
    if (!claims) {
      throw new UnauthenticatedError('A valid access token or refresh token is required.');
    }
    return { sessionId: claims.sid, userId: claims.sub };
  }

  /** Revokes the user's session and audits it, in one transaction; false when it was not live. */
  @Transactional()
  private async end(
    sessionId: string,
    actor: AuditActor,
    reason: 'logout' | 'revoked_by_user',
  ): Promise<boolean> {
    if (!(await this.sessions.revoke(sessionId, actor.id, reason))) return false;
    await this.audit.record({
      actor,
      action: reason === 'logout' ? 'auth.logout' : 'auth.session_revoked',
      target_type: 'session',
      target_id: sessionId,
    });
    return true;
  }
}
