import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { MailOutboxService } from '../mail/mail-outbox.service';
import {
  newSignInMail,
  passwordChangedMail,
  passwordResetMail,
  verificationMail,
  type MailRecipient,
  type SignInDetails,
} from './account-mails';

/**
 * Queues the account emails in the current transaction, that of the event they tell about
 * (the outbox sends them once it commits); nobody waits for SMTP.
 */
@Injectable()
export class AccountMailer {
  constructor(
    private readonly outbox: MailOutboxService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  queueVerification(to: MailRecipient, token: string): Promise<void> {
    return this.outbox.enqueue({
      kind: 'email_verification',
      ...verificationMail(to, token, this.config),
    });
  }

  queuePasswordReset(to: MailRecipient, token: string): Promise<void> {
    return this.outbox.enqueue({
      kind: 'password_reset',
      ...passwordResetMail(to, token, this.config),
    });
  }

  queuePasswordChanged(to: MailRecipient, how: 'changed' | 'reset'): Promise<void> {
    return this.outbox.enqueue({
      kind: 'password_changed',
      ...passwordChangedMail(to, how, this.config),
    });
  }

  /** Once per session (the session id is the mail's dedupe key). */
  queueNewSignIn(to: MailRecipient, sessionId: string, signIn: SignInDetails): Promise<void> {
    return this.outbox.enqueue({
      kind: 'new_sign_in',
      dedupeKey: `new_sign_in:${sessionId}`,
      ...newSignInMail(to, signIn, this.config),
    });
  }
}
