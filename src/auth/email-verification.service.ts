import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { UserWithStudent } from '../users';
import { AccountSignInUpdatesService } from '../users/account-sign-in-updates.service';
import { UsersService } from '../users/users.service';
import { AccountMailer } from './account-mailer';
import { ANONYMOUS_MAIL_ANSWER_MS, atLeast } from './anonymous-answer';
import { InvalidOneTimeTokenError } from './auth.errors';
import { OneTimeTokensService } from './one-time-tokens.service';

/** The emailed verification link: spending it, and asking for a new one. */
@Injectable()
export class EmailVerificationService {
  constructor(
    private readonly users: UsersService,
    private readonly accountUpdates: AccountSignInUpdatesService,
    private readonly oneTimeTokens: OneTimeTokensService,
    private readonly mailer: AccountMailer,
    private readonly audit: AuditService,
  ) {}

  /** Spends a verification token and marks the email verified (students get their profile linked). */
  @Transactional()
  async verifyEmail(token: string): Promise<UserWithStudent> {
    const userId = await this.oneTimeTokens.consume(token, 'email_verification');
    if (!userId) throw new InvalidOneTimeTokenError();
    const verified = await this.accountUpdates.markEmailVerified(userId);
    await this.audit.record({
      actor: { id: userId, role: verified.user.role },
      action: 'auth.email_verified',
      target_type: 'user',
      target_id: userId,
    });
    return verified;
  }

  /**
   * A new link is queued (older ones voided) only for an unverified account. The caller waits
   * for this transaction, never for SMTP, and is answered no sooner than
   * ANONYMOUS_MAIL_ANSWER_MS, so the timing does not tell which emails have accounts.
   */
  async resendVerification(email: string): Promise<void> {
    await atLeast(ANONYMOUS_MAIL_ANSWER_MS, () => this.queueVerification(email));
  }

  @Transactional()
  private async queueVerification(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user || user.emailVerified || !user.isActive) return;
    const token = await this.oneTimeTokens.issue(user.id, 'email_verification');
    await this.mailer.queueVerification(user, token);
  }
}
