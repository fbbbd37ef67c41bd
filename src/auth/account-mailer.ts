import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { MailService } from '../mail/mail.service';
import {
  passwordChangedMail,
  passwordResetMail,
  verificationMail,
  type MailRecipient,
} from './account-mails';

/** Sends the account emails (verification, reset, password changed) without delaying the caller. */
@Injectable()
export class AccountMailer {
  constructor(
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Runs account work whose outcome the caller must not wait for (or reveal by its timing). */
  runInBackground(label: string, work: () => Promise<void>): void {
    this.mail.runInBackground(label, work);
  }

  sendVerification(recipient: MailRecipient, token: string): void {
    this.mail.sendInBackground(verificationMail(recipient, token, this.config));
  }

  sendPasswordReset(recipient: MailRecipient, token: string): void {
    this.mail.sendInBackground(passwordResetMail(recipient, token, this.config));
  }

  sendPasswordChanged(recipient: MailRecipient, how: 'changed' | 'reset'): void {
    this.mail.sendInBackground(passwordChangedMail(recipient, how, this.config));
  }
}
