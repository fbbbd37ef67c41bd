import { Module } from '@nestjs/common';
import { MailerModule } from '@nestjs-modules/mailer';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { mailerOptions } from './mailer-options.factory';
import { MailService } from './mail.service';

/** Outgoing email (SMTP, or logged when no server is configured). */
@Module({
  imports: [
    MailerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => mailerOptions(config),
    }),
  ],
  providers: [MailService],
  exports: [MailService],
})
export class MailModule {}
