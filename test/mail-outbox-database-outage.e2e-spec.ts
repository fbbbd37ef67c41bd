import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { strongPassword, uniqueEmail } from './helpers/auth';
import { MailCatcher, startMailCatcher, unusedPort } from './helpers/mail-catcher';
import { OwnedPostgres, startOwnedPostgres } from './helpers/owned-postgres';
import { createTestApp } from './helpers/test-app';

/**
 * The outbox worker on a PostgreSQL server the test owns: the server is stopped while a mail
 * waits for SMTP, and the worker goes on once it is back, without a restart.
 */
describe('Mail outbox across a database outage', () => {
  let owned: OwnedPostgres;
  let app: NestExpressApplication;
  let port: number;
  let catcher: MailCatcher | undefined;

  beforeAll(async () => {
    owned = await startOwnedPostgres();
    port = await unusedPort();
    app = await createTestApp({
      DATABASE_URL: owned.url,
      MAIL_SERVER: '127.0.0.1',
      MAIL_PORT: String(port),
      MAIL_USE_TLS: 'false',
      MAIL_RETRY_BASE_SECONDS: '0.2',
      MAIL_RETRY_MAX_SECONDS: '0.5',
      MAIL_POLL_INTERVAL_MS: '100',
      MAIL_MAX_ATTEMPTS: '100',
    });
  });

  afterAll(async () => {
    await owned.start();
    await app?.close();
    await catcher?.stop();
    await owned?.destroy();
  });

  const register = (email: string) =>
    request(app.getHttpServer())
      .post('/api/auth/register')
      .send({ email, password: strongPassword(), first_name: 'Outage', last_name: 'Test' });

  async function attemptsOf(email: string): Promise<number> {
    const rows = await app
      .get(DataSource)
      .query<{ attempts: number }[]>('SELECT attempts FROM mail_outbox WHERE recipient = $1', [
        email,
      ]);
    return rows[0]?.attempts ?? 0;
  }

  it('keeps sending after the database was stopped and started again', async () => {
    const waiting = uniqueEmail('db-outage');
    expect((await register(waiting)).status).toBe(201);
    const deadline = Date.now() + 15_000;
    while ((await attemptsOf(waiting)) < 1) {
      if (Date.now() > deadline) throw new Error('the mail was never tried');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    await owned.stop();
    // The worker meets the outage several times (every poll fails) and must not stop.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    catcher = await startMailCatcher({ port });
    await owned.start();

    await catcher.waitForMail(waiting, { subject: /confirm your email/i, timeoutMs: 30_000 });
    // And mails queued after the outage go out as well.
    const later = uniqueEmail('after-outage');
    expect((await register(later)).status).toBe(201);
    await catcher.waitForMail(later, { subject: /confirm your email/i, timeoutMs: 30_000 });
    expect(catcher.mailsTo(waiting)).toHaveLength(1);
  });
});
