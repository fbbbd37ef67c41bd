import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AccountSignInUpdatesService } from '../users/account-sign-in-updates.service';
import type { User } from '../users/entities/user.entity';
import { UsersService } from '../users/users.service';
import { AccountMailer } from './account-mailer';
import { ANONYMOUS_MAIL_ANSWER_MS, atLeast } from './anonymous-answer';
import { InvalidOneTimeTokenError } from './auth.errors';
import { OneTimeTokensService } from './one-time-tokens.service';
import { PasswordHasher } from './password/password-hasher';
import { SessionsService } from './sessions/sessions.service';

/**
 * Forgotten passwords: a reset token is mailed, can be checked, and sets a new password once.
 * The request is answered the same for every email.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly users: UsersService,
    private readonly accountUpdates: AccountSignInUpdatesService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly oneTimeTokens: OneTimeTokensService,
    private readonly mailer: AccountMailer,
    private readonly audit: AuditService,
  ) {}

  /**
   * Answers at once, the same for every email. For an active account, a reset token is mailed
   * (voiding older ones); nothing else changes until it is used.
   */
  async forgotPassword(email: string): Promise<void> {
    await atLeast(ANONYMOUS_MAIL_ANSWER_MS, () => this.queueReset(email));
  }

  @Transactional()
  private async queueReset(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user || !user.isActive) return;
    const token = await this.oneTimeTokens.issue(user.id, 'password_reset');
    await this.audit.record({
      actor: null,
      action: 'auth.password_reset_requested',
      target_type: 'user',
      target_id: user.id,
    });
    await this.mailer.queuePasswordReset(user, token);
  }

  /** When a usable reset token expires (the reset link's check); spends nothing. */
  async checkResetToken(token: string): Promise<Date> {
    const usable = await this.oneTimeTokens.peek(token, 'password_reset');
    if (!usable) throw new InvalidOneTimeTokenError();
    return usable.expiresAt;
  }

  /** Sets the new password with an emailed token; every session ends; the user is told by email. */
  async resetPassword(token: string, password: string): Promise<void> {
    const usable = await this.oneTimeTokens.peek(token, 'password_reset');
    const user = usable ? await this.users.findById(usable.userId) : null;
    if (!user || !user.isActive) throw new InvalidOneTimeTokenError();
    this.hasher.assertAcceptable(password, user.email);
    const hash = await this.hasher.hash(password);
    await this.storeResetPassword(token, user, hash);
  }

  @Transactional()
  private async storeResetPassword(token: string, user: User, hash: string): Promise<void> {
    if ((await this.oneTimeTokens.consume(token, 'password_reset')) !== user.id) {
      throw new InvalidOneTimeTokenError();
    }
    // Proving control of the mailbox also verifies the email address.
    await this.accountUpdates.setPasswordHash(user.id, hash, { markEmailVerified: true });
    const ended = await this.sessions.revokeAllForUser(user.id, 'password_reset');
    await this.oneTimeTokens.voidAll(user.id, 'password_reset');
    await this.audit.record({
      actor: { id: user.id, role: user.role },
      action: 'auth.password_reset',
      target_type: 'user',
      target_id: user.id,
      details: { sessions_ended: ended },
    });
    await this.mailer.queuePasswordChanged(user, 'reset');
  }
}
