import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
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
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly accountUpdates: AccountSignInUpdatesService,
    private readonly oneTimeTokens: OneTimeTokensService,
    private readonly mailer: AccountMailer,
    private readonly audit: AuditService,
  ) {}

  /** Spends a verification token and marks the email verified (students get their profile linked). */
  async verifyEmail(token: string, request: Request): Promise<UserWithStudent> {
    return this.dataSource.transaction(async (manager) => {
      const userId = await this.oneTimeTokens.consume(token, 'email_verification', manager);
      if (!userId) throw new InvalidOneTimeTokenError();
      const verified = await this.accountUpdates.markEmailVerified(userId, manager, request);
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
}
