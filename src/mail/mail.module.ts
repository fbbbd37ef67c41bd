import { Module } from '@nestjs/common';
import { MailerModule } from '@nestjs-modules/mailer';
import { AuditModule } from '../audit/audit.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { MailOutboxController } from './mail-outbox.controller';
import { MailOutboxRepository } from './mail-outbox.repository';
import { MailOutboxService } from './mail-outbox.service';
import { MailOutboxWorker } from './mail-outbox.worker';
import { MailTemplates } from './mail-templates';
import { mailerOptions } from './mailer-options.factory';
import { MailService } from './mail.service';

/**
 * Outgoing email through a transactional outbox (`mail_outbox`): modules queue mail in their
 * event's transaction (MailOutboxService.enqueue, or queueMailsSql from SQL with a template
 * registered in MailTemplates); one worker per instance sends it over SMTP (or logs it when no
 * server is configured) with retries. Administrators see and retry given-up mails.
 */
@Module({
  imports: [
    AuditModule,
    MailerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => mailerOptions(config),
    }),
  ],
  controllers: [MailOutboxController],
  providers: [
    MailService,
    MailTemplates,
    MailOutboxRepository,
    MailOutboxWorker,
    MailOutboxService,
  ],
  exports: [MailOutboxService, MailTemplates],
})
export class MailModule {}
