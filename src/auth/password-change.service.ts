import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import type { User } from '../users/entities/user.entity';
import { AccountSignInUpdatesService } from '../users/account-sign-in-updates.service';
import { UsersService } from '../users/users.service';
import { UserNotFoundError } from '../users/users.errors';
import { AccountMailer } from './account-mailer';
import { InvalidCurrentPasswordError } from './auth.errors';
import { OneTimeTokensService } from './one-time-tokens.service';
import { PasswordHasher } from './password/password-hasher';
import { SessionsService } from './sessions/sessions.service';

/** A signed-in user changes their password, proving the current one. */
@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly users: UsersService,
    private readonly accountUpdates: AccountSignInUpdatesService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly oneTimeTokens: OneTimeTokensService,
    private readonly mailer: AccountMailer,
    private readonly audit: AuditService,
  ) {}

  /** Needs the current password; ends every other session; the user is told by email. */
  async changePassword(
    caller: AuthenticatedUser,
    currentPassword: string,
    newPassword: string,
  ): Promise<void> {
    const user = await this.users.findById(caller.id);
    if (!user) throw new UserNotFoundError();
    await this.assertCurrentPassword(caller, user, currentPassword);
    this.hasher.assertAcceptable(newPassword, user.email, 'new_password');
    const hash = await this.hasher.hash(newPassword);
    await this.storeNewPassword(caller, user, hash);
  }

  @Transactional()
  private async storeNewPassword(caller: AuthenticatedUser, user: User, hash: string) {
    await this.accountUpdates.setPasswordHash(user.id, hash);
    const ended = await this.sessions.revokeAllForUser(user.id, 'password_changed', {
      exceptSessionId: caller.sessionId,
    });
    await this.oneTimeTokens.voidAll(user.id, 'password_reset');
    await this.audit.record({
      actor: caller,
      action: 'auth.password_changed',
      target_type: 'user',
      target_id: user.id,
      details: { sessions_ended: ended },
    });
    await this.mailer.queuePasswordChanged(user, 'changed');
  }

  /** A wrong current password is audited as a failure and refused. */
  private async assertCurrentPassword(
    caller: AuthenticatedUser,
    user: User,
    currentPassword: string,
  ): Promise<void> {
    if (await this.hasher.verify(user.passwordHash, currentPassword)) return;
    await this.audit.recordSafely({
      actor: caller,
      action: 'auth.password_changed',
      target_type: 'user',
      target_id: user.id,
      outcome: 'failure',
      details: { reason: 'wrong_current_password' },
    });
    throw new InvalidCurrentPasswordError();
  }
}
