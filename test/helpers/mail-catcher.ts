import { AddressInfo, createServer } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A received email, parsed, with its envelope recipients. */
export interface CaughtMail {
  /** Lower-cased envelope recipients (RCPT TO). */
  to: string[];
  subject: string;
  text: string;
  html: string;
  parsed: ParsedMail;
}

export interface MailCatcher {
  /** The port the SMTP server listens on (pass as MAIL_PORT with MAIL_SERVER=127.0.0.1). */
  port: number;
  /** `createTestApp` env that sends the app's mail here. */
  env: Record<string, string>;
  /** Every mail received so far, oldest first. */
  mails: CaughtMail[];
  /**
   * The next mail to `to` not returned before (optionally whose subject matches), waiting up to
   * `timeoutMs`; rejects when none arrives.
   */
  waitForMail(to: string, options?: { subject?: RegExp; timeoutMs?: number }): Promise<CaughtMail>;
  /** Mails to `to` received so far (returned or not). */
  mailsTo(to: string): CaughtMail[];
  stop(): Promise<void>;
}

/**
 * A real SMTP server in the test process (plain SMTP on 127.0.0.1, any or no credentials),
 * which parses what the app sends, so tests read the actual email. `port` (default: any free
 * one) lets a test start it where the app already sends, e.g. after an SMTP outage; `delayMs`
 * makes it slow to accept each mail.
 */
export async function startMailCatcher(
  options: { port?: number; delayMs?: number } = {},
): Promise<MailCatcher> {
  const mails: CaughtMail[] = [];
  const returned = new Set<CaughtMail>();
  const listeners = new Set<() => void>();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (_auth, _session, callback) => callback(null, { user: 'test' }),
    onData: (stream, session, callback) => {
      simpleParser(stream)
        // `delayMs`: a slow server, which answers each mail only after that long.
        .then(async (parsed) => {
          if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            parsed,
          });
          for (const listener of listeners) listener();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  const matches = (mail: CaughtMail, to: string, subject?: RegExp) =>
    mail.to.includes(to.toLowerCase()) && (!subject || subject.test(mail.subject));

  return {
    port,
    env: { MAIL_SERVER: '127.0.0.1', MAIL_PORT: String(port), MAIL_USE_TLS: 'false' },
    mails,
    mailsTo: (to) => mails.filter((mail) => matches(mail, to)),
    waitForMail: (to, options = {}) =>
      new Promise<CaughtMail>((resolve, reject) => {
        const take = (): boolean => {
          const mail = mails.find((m) => !returned.has(m) && matches(m, to, options.subject));
          if (!mail) return false;
          returned.add(mail);
          resolve(mail);
          return true;
        };
        if (take()) return;
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`No mail to ${to} within ${options.timeoutMs ?? 10_000} ms`));
        }, options.timeoutMs ?? 10_000);
        const listener = () => {
          if (take()) {
            clearTimeout(timer);
            listeners.delete(listener);
          }
        };
        listeners.add(listener);
      }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The token of the first `...token=<token>` link in a mail's text. */
export function tokenFromMail(mail: CaughtMail): string {
  const match = /[?&]token=([A-Za-z0-9_%-]+)/.exec(mail.text);
  if (match) return decodeURIComponent(match[1]);
  const bare = /^([A-Za-z0-9_-]{43})$/m.exec(mail.text);
  if (bare) return bare[1];
  throw new Error(`No token in mail "${mail.subject}"`);
}

/** A local port with nothing listening on it (for an SMTP server that is down). */
export async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
