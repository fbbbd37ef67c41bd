import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { RequestContext } from '../common/request-context/request-context';
import type { User } from '../users/entities/user.entity';
import { AccountSignInUpdatesService } from '../users/account-sign-in-updates.service';
import { UsersService } from '../users/users.service';
import { AccountMailer } from './account-mailer';
import {
  AccountDisabledError,
  EmailNotVerifiedError,
  InvalidCredentialsError,
  RateLimitedError,
} from './auth.errors';
import { PasswordHasher } from './password/password-hasher';
import { AdmittedLogin, isRefusal, LoginAttempts } from './rate-limit/login-attempts';
import { IssuedSession, SessionsService } from './sessions/sessions.service';
import { LoginResult, TokenPairIssuer } from './token-pair-issuer';

/**
 * Login with email and password. Failures are the same in body whether the account exists or
 * not, and take the same path (a dummy hash is verified for an unknown email).
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly context: RequestContext,
    private readonly users: UsersService,
    private readonly accountUpdates: AccountSignInUpdatesService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly mailer: AccountMailer,
    private readonly audit: AuditService,
    private readonly loginAttempts: LoginAttempts,
    private readonly tokenPairs: TokenPairIssuer,
  ) {}

  /**
   * Failed logins are throttled per email and client before any hashing (see LoginAttempts);
   * a correct password clears this client's failures for the email.
   */
  async login(email: string, password: string): Promise<LoginResult> {
    const user = await this.checkCredentials(email, password);
    const upgraded = this.hasher.needsRehash(user.passwordHash)
      ? await this.hasher.hash(password)
      : undefined;
    const session = await this.startSession(user, upgraded !== undefined);
    await this.accountUpdates.recordLogin(user.id, upgraded);
    await this.accountUpdates.linkStudentProfile(user);
    return this.tokenPairs.issue(user, session);
  }

  /** The account the email and password open, if it may sign in; every refusal is audited. */
  private async checkCredentials(email: string, password: string) {
    const attempt = await this.loginAttempts.admit(email, this.context.ipAddress ?? undefined);
    if (isRefusal(attempt)) throw new RateLimitedError(attempt.retryAfterSeconds);
    const user = await this.users.findByEmail(email);
    if (!user) {
      await this.hasher.verifyAgainstDummy(password);
      await this.loginFailed(null, 'unknown_email');
      throw await this.refusedCredentials(attempt);
    }
    if (!(await this.hasher.verify(user.passwordHash, password))) {
      await this.loginFailed(user, 'wrong_password');
      throw await this.refusedCredentials(attempt);
    }
    await this.loginAttempts.succeeded(attempt);
    if (!user.isActive) {
      await this.loginFailed(user, 'deactivated');
      throw new AccountDisabledError();
    }
    if (!user.emailVerified) {
      await this.loginFailed(user, 'email_not_verified');
      throw new EmailNotVerifiedError();
    }
    return user;
  }

  /** A new session, its audit entry, and the new-sign-in mail when the client is new. */
  @Transactional()
  private async startSession(user: User, rehashed: boolean): Promise<IssuedSession> {
    const client = SessionsService.clientOf(this.context);
    const history = await this.sessions.clientHistory(user.id, client);
    const issued = await this.sessions.create(user.id, client);
    // The first sign-in ever is expected; later ones from a new address and browser are told.
    if (history === 'new_client') {
      await this.mailer.queueNewSignIn(user, issued.sessionId, {
        at: new Date(),
        ip: client.ip,
        userAgent: client.userAgent,
      });
    }
    await this.audit.record({
      actor: { id: user.id, role: user.role },
      action: 'auth.login',
      target_type: 'session',
      target_id: issued.sessionId,
      details: rehashed ? { password_rehashed: true } : {},
    });
    return issued;
  }

  /** Counts the failure: 401, or 429 when the email is past its account-wide failure limit. */
  private async refusedCredentials(attempt: AdmittedLogin): Promise<Error> {
    const refusal = await this.loginAttempts.failed(attempt);
    return refusal
      ? new RateLimitedError(refusal.retryAfterSeconds)
      : new InvalidCredentialsError();
  }

  private async loginFailed(user: User | null, reason: string): Promise<void> {
    await this.audit.recordSafely({
      actor: null,
      action: 'auth.login',
      target_type: user ? 'user' : null,
      target_id: user?.id ?? null,
      outcome: 'failure',
      details: { reason },
    });
  }
}
