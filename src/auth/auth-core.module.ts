import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { AccountCredentialsProvider } from './account-credentials.provider';
import { AccountMailer } from './account-mailer';
import { OneTimeTokensRepository } from './one-time-tokens.repository';
import { OneTimeTokensService } from './one-time-tokens.service';
import { PasswordHasher } from './password/password-hasher';
import { refreshTokenCodecProvider } from './sessions/refresh-token-codec.provider';
import { SessionEventsListener } from './sessions/session-events.listener';
import { SessionsService } from './sessions/sessions.service';
import { UserSessionsRepository } from './sessions/user-sessions.repository';

/**
 * The credential building blocks: password hashing and policy, sessions (revocation included),
 * emailed one-time tokens and the account emails. The users module gets what it needs of them
 * through the AccountCredentials registered here (AccountCredentialsProvider).
 */
@Module({
  imports: [AuditModule, MailModule, UsersModule],
  providers: [
    PasswordHasher,
    SessionsService,
    UserSessionsRepository,
    SessionEventsListener,
    OneTimeTokensService,
    OneTimeTokensRepository,
    AccountMailer,
    refreshTokenCodecProvider,
    AccountCredentialsProvider,
  ],
  exports: [PasswordHasher, SessionsService, OneTimeTokensService, AccountMailer],
})
export class AuthCoreModule {}
