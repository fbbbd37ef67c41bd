import type { MailerOptions } from '@nestjs-modules/mailer';
import type { AppConfig } from '../config/app-config';

/**
 * SMTP from MAIL_SERVER/MAIL_PORT/MAIL_USE_TLS/MAIL_USERNAME/MAIL_PASSWORD. Without a server
 * (development, tests that do not read mail) a JSON transport builds the message and the mail
 * service logs it instead of sending; production refuses to start without a server.
 */
export function mailerOptions(config: AppConfig): MailerOptions {
  const { mail } = config;
  const defaults = { from: mail.from };
  if (!mail.host) return { transport: { jsonTransport: true }, defaults };
  const implicitTls = mail.port === 465;
  return {
    transport: {
      host: mail.host,
      port: mail.port,
      secure: implicitTls,
      requireTLS: mail.useTls && !implicitTls,
      ignoreTLS: !mail.useTls && !implicitTls,
      auth:
        mail.username !== undefined
          ? { user: mail.username, pass: mail.password ?? '' }
          : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    },
    defaults,
    sendTimeout: 30_000,
  };
}
