import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import type { Role } from '../common/auth/role';
import { UnauthenticatedError } from '../common/errors/common.errors';
import type { User } from '../users/entities/user.entity';
import { UsersService, UserWithStudent } from '../users/users.service';
import { UserNotFoundError } from '../users/users.errors';
import { AccessTokensService } from './access-tokens.service';
import { AccountMailer } from './account-mailer';
import {
  AccountDisabledError,
  EmailNotVerifiedError,
  InvalidCredentialsError,
  InvalidCurrentPasswordError,
  InvalidOneTimeTokenError,
  RateLimitedError,
  RoleRequiresAdministratorError,
  SessionNotFoundError,
} from './auth.errors';
import { OneTimeTokensService } from './one-time-tokens.service';
import { PasswordHasher } from './password/password-hasher';
import { AdmittedLogin, isRefusal, LoginAttempts } from './rate-limit/login-attempts';
import { IssuedSession, SessionsService } from './sessions/sessions.service';
import { UserSession } from './entities/user-session.entity';

export interface RegisterInput {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  role?: Role;
}

/**
 * Forgot-password and resend-verification answer no sooner than this after they start, so the
 * few statements that queue a mail for an existing account do not show in the timing.
 */
const ANONYMOUS_MAIL_ANSWER_MS = 150;

/** Runs `work`, then waits until at least `ms` have passed since it started. */
async function atLeast<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  const left = ms - (Date.now() - started);
  if (left > 0) await sleep(left);
  return result;
}

/** A new token pair and the user it is for. */
export interface LoginResult {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  sessionExpiresAt: Date;
  user: UserWithStudent;
}

/**
 * Registration, email verification, login, refresh, logout, password reset and change,
 * sessions. Anything answered to anonymous callers about an email (login failures, resend,
 * forgot-password) is the same in body whether the account exists or not, and takes the same
 * path (mails are queued in the outbox, so no answer waits for SMTP).
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly accessTokens: AccessTokensService,
    private readonly oneTimeTokens: OneTimeTokensService,
    private readonly mailer: AccountMailer,
    private readonly audit: AuditService,
    private readonly loginAttempts: LoginAttempts,
  ) {}

  /**
   * Public registration makes students. Another role needs `bearerToken` to be a live
   * administrator's access token. The account stays unverified until the emailed link is used.
   */
  async register(
    input: RegisterInput,
    bearerToken: string | undefined,
    request: Request,
  ): Promise<UserWithStudent> {
    const role = input.role ?? 'student';
    let actor: AuthenticatedUser | null = null;
    if (role !== 'student') {
      actor = bearerToken ? await this.callerOf(bearerToken) : null;
      if (!actor) {
        if (bearerToken) throw new UnauthenticatedError('The access token is invalid or expired.');
        throw new RoleRequiresAdministratorError();
      }
      if (actor.role !== 'administrator') throw new RoleRequiresAdministratorError();
    }
    return this.users.createUser(
      {
        email: input.email,
        password: input.password,
        firstName: input.firstName,
        lastName: input.lastName,
        role,
        emailVerified: false,
      },
      { actor, request, auditAction: 'auth.register' },
    );
  }

  /** Spends a verification token and marks the email verified (students get their profile linked). */
  async verifyEmail(token: string, request: Request): Promise<UserWithStudent> {
    return this.dataSource.transaction(async (manager) => {
      const userId = await this.oneTimeTokens.consume(token, 'email_verification', manager);
      if (!userId) throw new InvalidOneTimeTokenError();
      const verified = await this.users.markEmailVerified(userId, manager, request);
      await this.audit.record(
        {
          actor: { id: userId, role: verified.user.role },
          action: 'auth.email_verified',
          target_type: 'user',
          target_id: userId,
          request,
        },
        manager,
      );
      return verified;
    });
  }

  /**
   * A new link is queued (older ones voided) only for an unverified account. The caller waits
   * for this transaction, never for SMTP, and is answered no sooner than
   * ANONYMOUS_MAIL_ANSWER_MS, so the timing does not tell which emails have accounts.
   */
  async resendVerification(email: string): Promise<void> {
    await atLeast(ANONYMOUS_MAIL_ANSWER_MS, () =>
      this.dataSource.transaction(async (manager) => {
        const user = await this.users.findByEmail(email, manager);
        if (!user || user.emailVerified || !user.isActive) return;
        const token = await this.oneTimeTokens.issue(user.id, 'email_verification', manager);
        await this.mailer.queueVerification(manager, user, token);
      }),
    );
  }

  /**
   * Failed logins are throttled per email and client before any hashing (see LoginAttempts);
   * a correct password clears this client's failures for the email.
   */
  async login(email: string, password: string, request: Request): Promise<LoginResult> {
    const attempt = await this.loginAttempts.admit(email, request.ip);
    if (isRefusal(attempt)) throw new RateLimitedError(attempt.retryAfterSeconds);
    const user = await this.users.findByEmail(email);
    if (!user) {
      await this.hasher.verifyAgainstDummy(password);
      await this.loginFailed(null, 'unknown_email', request);
      throw await this.refusedCredentials(attempt);
    }
    if (!(await this.hasher.verify(user.passwordHash, password))) {
      await this.loginFailed(user, 'wrong_password', request);
      throw await this.refusedCredentials(attempt);
    }
    await this.loginAttempts.succeeded(attempt);
    if (!user.isActive) {
      await this.loginFailed(user, 'deactivated', request);
      throw new AccountDisabledError();
    }
    if (!user.emailVerified) {
      await this.loginFailed(user, 'email_not_verified', request);
      throw new EmailNotVerifiedError();
    }
    const upgraded = this.hasher.needsRehash(user.passwordHash)
      ? await this.hasher.hash(password)
      : undefined;
    const client = SessionsService.clientOf(request);
    const session = await this.dataSource.transaction(async (manager) => {
      const history = await this.sessions.clientHistory(user.id, client, manager);
      const issued = await this.sessions.create(user.id, client, manager);
      // The first sign-in ever is expected; later ones from a new address and browser are told.
      if (history === 'new_client') {
        await this.mailer.queueNewSignIn(manager, user, issued.sessionId, {
          at: new Date(),
          ip: client.ip,
          userAgent: client.userAgent,
        });
      }
      await this.audit.record(
        {
          actor: { id: user.id, role: user.role },
          action: 'auth.login',
          target_type: 'session',
          target_id: issued.sessionId,
          details: upgraded ? { password_rehashed: true } : {},
          request,
        },
        manager,
      );
      return issued;
    });
    await this.users.recordLogin(user.id, upgraded);
    await this.users.linkStudentProfile(user, request);
    return this.tokensFor(user, session);
  }

  /** Spends the refresh token and returns a new pair (see SessionsService.rotate). */
  async refresh(refreshToken: string, request: Request): Promise<LoginResult> {
    const rotated = await this.sessions.rotate(refreshToken, request);
    const user = await this.users.findById(rotated.user.id);
    if (!user) throw new UnauthenticatedError('The account no longer exists.');
    return this.tokensFor(user, rotated);
  }

  /**
   * Ends the session named by an access token (Authorization header) or by its current refresh
   * token. An invalid access token is refused; a session that has already ended is fine.
   */
  async logout(
    credential: { accessToken: string } | { refreshToken: string },
    request: Request,
  ): Promise<void> {
    let sessionId: string;
    let userId: string;
    if ('accessToken' in credential) {
      const claims = await this.accessTokens.verify(credential.accessToken);
      if (!claims) {
        throw new UnauthenticatedError('A valid access token or refresh token is required.');
      }
      sessionId = claims.sid;
      userId = claims.sub;
    } else {
      ({ sessionId, userId } = await this.sessions.sessionOfRefreshToken(
        credential.refreshToken,
        request,
      ));
    }
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.sessions.revoke(sessionId, userId, 'logout', manager))) return;
      await this.audit.record(
        {
          actor: { id: userId },
          action: 'auth.logout',
          target_type: 'session',
          target_id: sessionId,
          request,
        },
        manager,
      );
    });
  }

  /**
   * Answers at once, the same for every email. For an active account, a reset token is mailed
   * (voiding older ones); nothing else changes until it is used.
   */
  async forgotPassword(email: string, request: Request): Promise<void> {
    await atLeast(ANONYMOUS_MAIL_ANSWER_MS, () =>
      this.dataSource.transaction(async (manager) => {
        const user = await this.users.findByEmail(email, manager);
        if (!user || !user.isActive) return;
        const token = await this.oneTimeTokens.issue(user.id, 'password_reset', manager);
        await this.audit.record(
          {
            actor: null,
            action: 'auth.password_reset_requested',
            target_type: 'user',
            target_id: user.id,
            request,
          },
          manager,
        );
        await this.mailer.queuePasswordReset(manager, user, token);
      }),
    );
  }

  /** When a usable reset token expires (the reset link's check); spends nothing. */
  async checkResetToken(token: string): Promise<Date> {
    const usable = await this.oneTimeTokens.peek(token, 'password_reset');
    if (!usable) throw new InvalidOneTimeTokenError();
    return usable.expiresAt;
  }

  /** Sets the new password with an emailed token; every session ends; the user is told by email. */
  async resetPassword(token: string, password: string, request: Request): Promise<void> {
    const usable = await this.oneTimeTokens.peek(token, 'password_reset');
    const user = usable ? await this.users.findById(usable.userId) : null;
    if (!user || !user.isActive) throw new InvalidOneTimeTokenError();
    this.hasher.assertAcceptable(password, user.email);
    const hash = await this.hasher.hash(password);
    await this.dataSource.transaction(async (manager) => {
      if ((await this.oneTimeTokens.consume(token, 'password_reset', manager)) !== user.id) {
        throw new InvalidOneTimeTokenError();
      }
      // Proving control of the mailbox also verifies the email address.
      await this.users.setPasswordHash(user.id, hash, manager, { markEmailVerified: true });
      const ended = await this.sessions.revokeAllForUser(user.id, 'password_reset', { manager });
      await this.oneTimeTokens.voidAll(user.id, 'password_reset', manager);
      await this.audit.record(
        {
          actor: { id: user.id, role: user.role },
          action: 'auth.password_reset',
          target_type: 'user',
          target_id: user.id,
          details: { sessions_ended: ended },
          request,
        },
        manager,
      );
      await this.mailer.queuePasswordChanged(manager, user, 'reset');
    });
  }

  /** Needs the current password; ends every other session; the user is told by email. */
  async changePassword(
    caller: AuthenticatedUser,
    currentPassword: string,
    newPassword: string,
    request: Request,
  ): Promise<void> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new UserNotFoundError();
    if (!(await this.hasher.verify(user.passwordHash, currentPassword))) {
      await this.audit.recordSafely({
        actor: caller,
        action: 'auth.password_changed',
        target_type: 'user',
        target_id: user.id,
        outcome: 'failure',
        details: { reason: 'wrong_current_password' },
        request,
      });
      throw new InvalidCurrentPasswordError();
    }
    this.hasher.assertAcceptable(newPassword, user.email, 'new_password');
    const hash = await this.hasher.hash(newPassword);
    await this.dataSource.transaction(async (manager) => {
      await this.users.setPasswordHash(user.id, hash, manager);
      const ended = await this.sessions.revokeAllForUser(user.id, 'password_changed', {
        exceptSessionId: caller.sessionId,
        manager,
      });
      await this.oneTimeTokens.voidAll(user.id, 'password_reset', manager);
      await this.audit.record(
        {
          actor: caller,
          action: 'auth.password_changed',
          target_type: 'user',
          target_id: user.id,
          details: { sessions_ended: ended },
          request,
        },
        manager,
      );
      await this.mailer.queuePasswordChanged(manager, user, 'changed');
    });
  }

  async me(caller: AuthenticatedUser): Promise<UserWithStudent> {
    return this.users.getById(caller.id);
  }

  listSessions(caller: AuthenticatedUser): Promise<UserSession[]> {
    return this.sessions.listLive(caller.id);
  }

  /** Ends one of the caller's own sessions; someone else's (or an ended one) is a 404. */
  async revokeSession(
    caller: AuthenticatedUser,
    sessionId: string,
    request: Request,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.sessions.revoke(sessionId, caller.id, 'revoked_by_user', manager))) {
        throw new SessionNotFoundError();
      }
      await this.audit.record(
        {
          actor: caller,
          action: 'auth.session_revoked',
          target_type: 'session',
          target_id: sessionId,
          request,
        },
        manager,
      );
    });
  }

  private async tokensFor(user: User, session: IssuedSession): Promise<LoginResult> {
    return {
      accessToken: await this.accessTokens.sign(user, session.sessionId),
      refreshToken: session.refreshToken,
      expiresIn: this.accessTokens.ttlSeconds,
      sessionExpiresAt: session.expiresAt,
      user: { user, studentId: await this.users.studentIdOf(user.id) },
    };
  }

  /** The live caller behind an access token, or null. */
  private async callerOf(accessToken: string): Promise<AuthenticatedUser | null> {
    const claims = await this.accessTokens.verify(accessToken);
    return claims ? this.sessions.findLiveCaller(claims.sub, claims.sid) : null;
  }

  /** Counts the failure: 401, or 429 when the email is past its account-wide failure limit. */
  private async refusedCredentials(attempt: AdmittedLogin): Promise<Error> {
    const refusal = await this.loginAttempts.failed(attempt);
    return refusal
      ? new RateLimitedError(refusal.retryAfterSeconds)
      : new InvalidCredentialsError();
  }

  private async loginFailed(user: User | null, reason: string, request: Request): Promise<void> {
    await this.audit.recordSafely({
      actor: null,
      action: 'auth.login',
      target_type: user ? 'user' : null,
      target_id: user?.id ?? null,
      outcome: 'failure',
      details: { reason },
      request,
    });
  }
}
