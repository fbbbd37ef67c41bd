import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { MailerService } from '@nestjs-modules/mailer';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { MailMessage } from './mail-message';

/**
 * Sends email through the configured transport. `sendInBackground` lets a request answer
 * without waiting for SMTP (and without revealing, by its timing, whether a mail was sent);
 * failures are logged, and shutdown waits for mails still in flight.
 */
@Injectable()
export class MailService implements OnModuleDestroy {
  private readonly logger = new Logger(MailService.name);
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly mailer: MailerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async send(message: MailMessage): Promise<void> {
    const info: unknown = await this.mailer.sendMail({
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
    });
    if (!this.config.mail.host) {
      // No SMTP server configured: the message is logged for the developer instead of sent.
      this.logger.log(
        { to: message.to, subject: message.subject, text: message.text },
        'Mail not sent (no MAIL_SERVER configured); its content follows',
      );
    } else {
      const id = (info as { messageId?: unknown } | null)?.messageId;
      this.logger.log({ to: message.to, subject: message.subject, message_id: id }, 'Mail sent');
    }
  }

  /** Runs `work` (typically building and sending a mail) after the caller has moved on. */
  runInBackground(label: string, work: () => Promise<void>): void {
    const task = (async () => {
      try {
        await work();
      } catch (error: unknown) {
        this.logger.error({ err: error, task: label }, 'Background mail task failed');
      }
    })();
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }

  sendInBackground(message: MailMessage): void {
    this.runInBackground(message.subject, () => this.send(message));
  }

  /** Resolves when every background task started so far has finished. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async onModuleDestroy(): Promise<void> {
    await this.drain();
  }
}
