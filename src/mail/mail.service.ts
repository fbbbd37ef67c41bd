import { Inject, Injectable, Logger } from '@nestjs/common';
import { MailerService } from '@nestjs-modules/mailer';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { MailMessage } from './mail-message';

/**
 * The mail transport: sends one message through the configured SMTP server (or logs it when
 * none is configured) and throws when that fails. Only the outbox worker calls it; everything
 * else queues mail with MailOutboxService.
 */
@Injectable()
export class MailService {
  private readonly logger = new Logger(MailService.name);

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
}
