import { Injectable, OnModuleInit } from '@nestjs/common';
import type { AccountChangeReason, AccountCredentials } from '../users';
import type { User } from '../users/entities/user.entity';
import { UsersCredentials } from '../users/users-credentials.service';
import { AccountMailer } from './account-mailer';
import { OneTimeTokensService } from './one-time-tokens.service';
import { PasswordHasher } from './password/password-hasher';
import { SessionsService } from './sessions/sessions.service';

/** The auth module's AccountCredentials, registered with the users module at start-up. */
@Injectable()
export class AccountCredentialsProvider implements AccountCredentials, OnModuleInit {
  constructor(
    private readonly registry: UsersCredentials,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly oneTimeTokens: OneTimeTokensService,
    private readonly mailer: AccountMailer,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  assertAcceptable(password: string, email: string): void {
    this.hasher.assertAcceptable(password, email);
  }

  hash(password: string): Promise<string> {
    return this.hasher.hash(password);
  }

  async requestVerification(user: User): Promise<void> {
    const token = await this.oneTimeTokens.issue(user.id, 'email_verification');
    await this.mailer.queueVerification(user, token);
  }

  endSessions(userId: string, reason: AccountChangeReason): Promise<number> {
    return this.sessions.revokeAllForUser(userId, reason);
  }
}
