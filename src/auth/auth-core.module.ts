import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { MailModule } from '../mail/mail.module';
import { AccountMailer } from './account-mailer';
import { OneTimeTokensService } from './one-time-tokens.service';
import { PasswordHasher } from './password/password-hasher';
import { refreshTokenCodecProvider } from './sessions/refresh-token-codec.provider';
import { SessionsService } from './sessions/sessions.service';

/**
 * The credential building blocks shared by the auth and users modules: password hashing and
 * policy, sessions (revocation included), emailed one-time tokens and the account emails.
 */
@Module({
  imports: [AuditModule, MailModule],
  providers: [
    PasswordHasher,
    SessionsService,
    OneTimeTokensService,
    AccountMailer,
    refreshTokenCodecProvider,
  ],
  exports: [PasswordHasher, SessionsService, OneTimeTokensService, AccountMailer],
})
export class AuthCoreModule {}
