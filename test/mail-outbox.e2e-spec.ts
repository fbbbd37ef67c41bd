import { TransactionHost } from '@nestjs-cls/transactional';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { MainTransactionHost } from '../src/database/transactions';
import { MailOutboxService } from '../src/mail/mail-outbox.service';
import { AlertsService } from '../src/notifications/alerts.service';
import { bearer, createUserAndLogin, strongPassword, uniqueEmail } from './helpers/auth';
import { MailCatcher, startMailCatcher, tokenFromMail, unusedPort } from './helpers/mail-catcher';
import { createTestApp } from './helpers/test-app';
import { createLinkedStudent, LOW_ATTENDANCE } from './students/student-factory';

/** Fast retries and polling, so outages and recoveries take a fraction of a second. */
const FAST_OUTBOX = {
  MAIL_RETRY_BASE_SECONDS: '0.2',
  MAIL_RETRY_MAX_SECONDS: '0.5',
  MAIL_POLL_INTERVAL_MS: '100',
};

function smtpAt(port: number): Record<string, string> {
  return { MAIL_SERVER: '127.0.0.1', MAIL_PORT: String(port), MAIL_USE_TLS: 'false' };
}

interface OutboxRow {
  id: string;
  kind: string;
  status: string;
  attempts: number;
  last_error: string | null;
  text: string | null;
  html: string | null;
  payload: unknown;
}

function rowsTo(app: NestExpressApplication, email: string): Promise<OutboxRow[]> {
  return app.get(DataSource).query<OutboxRow[]>(
    `SELECT id, kind, status, attempts, last_error, text, html, payload
         FROM mail_outbox WHERE recipient = $1 ORDER BY created_at`,
    [email],
  );
}

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`. */
async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function register(
  app: NestExpressApplication,
  email: string,
  firstName = 'Outbox',
): Promise<request.Response> {
  return request(app.getHttpServer())
    .post('/api/auth/register')
    .send({ email, password: strongPassword(), first_name: firstName, last_name: 'Test' });
}

/** The app's main transaction host: `withTransaction` runs its callback in a transaction. */
const transactions = (app: NestExpressApplication): MainTransactionHost =>
  app.get<MainTransactionHost>(TransactionHost);

describe('Mail outbox', () => {
  describe('SMTP down, then up again', () => {
    let app: NestExpressApplication;
    let port: number;
    let catcher: MailCatcher | undefined;

    beforeAll(async () => {
      port = await unusedPort();
      app = await createTestApp({ ...smtpAt(port), ...FAST_OUTBOX, MAIL_MAX_ATTEMPTS: '100' });
    });

    afterAll(async () => {
      await app.close();
      await catcher?.stop();
    });

    it('keeps the verification mail while SMTP is down and delivers it when SMTP is back', async () => {
      const email = uniqueEmail('smtp-down');
      expect((await register(app, email)).status).toBe(201);

      const retried = await eventually('a failed try', async () => {
        const [row] = await rowsTo(app, email);
        return row && row.attempts >= 2 && row.status === 'pending' ? row : undefined;
      });
      expect(retried.kind).toBe('email_verification');
      expect(retried.last_error).toMatch(/ECONNREFUSED|connect/i);
      expect(retried.text).toContain('/api/auth/verify-email?token=');

      catcher = await startMailCatcher({ port });
      const mail = await catcher.waitForMail(email, { subject: /confirm your email/i });
      const link = /http:\/\/app\.test(\/api\/auth\/verify-email\?token=[^\s]+)/.exec(mail.text);
      expect(link).not.toBeNull();
      const verified = await request(app.getHttpServer()).get(link![1]);
      expect(verified.status).toBe(200);
      expect(verified.body.user.email_verified).toBe(true);

      const [sent] = await eventually('the row marked sent', async () => {
        const rows = await rowsTo(app, email);
        return rows[0]?.status === 'sent' ? rows : undefined;
      });
      // The token is not kept once the mail is out.
      expect(sent).toMatchObject({ text: null, html: null, payload: null });
      expect(catcher.mailsTo(email)).toHaveLength(1);
    });

    it('holds the reset mail while the SMTP server is stopped and sends it once it is started again', async () => {
      const user = await createUserAndLogin(app, { role: 'teacher' });
      await catcher!.stop();
      await request(app.getHttpServer())
        .post('/api/auth/forgot-password')
        .send({ email: user.user.email })
        .expect(202);
      await eventually('a failed try', async () => {
        const rows = await rowsTo(app, user.user.email);
        const reset = rows.find((r) => r.kind === 'password_reset');
        return reset && reset.attempts >= 1 && reset.last_error ? reset : undefined;
      });

      catcher = await startMailCatcher({ port });
      const mail = await catcher.waitForMail(user.user.email, { subject: /reset/i });
      const token = tokenFromMail(mail);
      await request(app.getHttpServer())
        .get(`/api/auth/reset-password?token=${encodeURIComponent(token)}`)
        .expect(200);
      await request(app.getHttpServer())
        .post('/api/auth/reset-password')
        .send({ token, password: strongPassword() })
        .expect(204);
      await catcher.waitForMail(user.user.email, { subject: /password was reset/i });
    });
  });

  describe('giving up, and an administrator’s retry', () => {
    let app: NestExpressApplication;
    let port: number;
    let catcher: MailCatcher | undefined;

    beforeAll(async () => {
      port = await unusedPort();
      app = await createTestApp({
        ...smtpAt(port),
        ...FAST_OUTBOX,
        MAIL_RETRY_BASE_SECONDS: '0.05',
        MAIL_MAX_ATTEMPTS: '3',
      });
    });

    afterAll(async () => {
      await app.close();
      await catcher?.stop();
    });

    it('marks the mail failed after MAIL_MAX_ATTEMPTS, lists it for administrators and sends it on retry', async () => {
      const admin = await createUserAndLogin(app, { role: 'administrator' });
      const email = uniqueEmail('given-up');
      expect((await register(app, email)).status).toBe(201);

      const failed = await eventually('the mail given up', async () => {
        const [row] = await rowsTo(app, email);
        return row?.status === 'failed' ? row : undefined;
      });
      expect(failed.attempts).toBe(3);
      expect(failed.last_error).toBeTruthy();

      const list = await request(app.getHttpServer())
        .get('/api/admin/mail-outbox?status=failed&kind=email_verification&per_page=100')
        .set(bearer(admin.accessToken))
        .expect(200);
      const listed = (list.body.data as Record<string, unknown>[]).find((m) => m.id === failed.id);
      expect(listed).toMatchObject({
        recipient: email,
        status: 'failed',
        attempts: 3,
        has_body: true,
      });
      // No body, hence no token, leaves through the API.
      expect(listed).not.toHaveProperty('text');
      expect(listed).not.toHaveProperty('html');
      expect(JSON.stringify(list.body)).not.toContain('token=');

      const student = await createUserAndLogin(app, { role: 'student' });
      await request(app.getHttpServer())
        .get('/api/admin/mail-outbox')
        .set(bearer(student.accessToken))
        .expect(403);

      catcher = await startMailCatcher({ port });
      const retried = await request(app.getHttpServer())
        .post(`/api/admin/mail-outbox/${failed.id}/retry`)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(retried.body).toMatchObject({ id: failed.id, status: 'pending', attempts: 0 });

      const mail = await catcher.waitForMail(email, { subject: /confirm your email/i });
      expect(tokenFromMail(mail)).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      await eventually('the retried mail sent', async () => {
        const [row] = await rowsTo(app, email);
        return row?.status === 'sent' ? row : undefined;
      });

      // A mail that is not failed cannot be retried.
      await request(app.getHttpServer())
        .post(`/api/admin/mail-outbox/${failed.id}/retry`)
        .set(bearer(admin.accessToken))
        .expect(409);
    });
  });

  describe('retention', () => {
    it('deletes old sent mails and erases the bodies of mails given up a day ago', async () => {
      const db = new Client({ connectionString: process.env.DATABASE_URL });
      await db.connect();
      try {
        const tag = `retention-${Date.now().toString(36)}`;
        const insert = (recipient: string, status: string, age: string) =>
          db.query(
            `INSERT INTO mail_outbox (kind, recipient, subject, text, html, status, sent_at, updated_at)
             SELECT 'password_reset', $1, 'Old', body, '<p>' || body || '</p>', $2::varchar,
                    CASE WHEN $2::varchar = 'sent' THEN now() - $3::interval END,
                    now() - $3::interval
               FROM (SELECT CASE WHEN $2::varchar = 'sent' THEN NULL ELSE 'token inside' END AS body) b`,
            [recipient, status, age],
          );
        await insert(`${tag}-old-sent@example.com`, 'sent', '31 days');
        await insert(`${tag}-new-sent@example.com`, 'sent', '1 day');
        await insert(`${tag}-old-failed@example.com`, 'failed', '25 hours');
        await insert(`${tag}-new-failed@example.com`, 'failed', '1 hour');

        // A starting instance sweeps at once, then hourly.
        const app = await createTestApp(FAST_OUTBOX);
        try {
          const left = await eventually('the sweep', async () => {
            const { rows } = await db.query<{ recipient: string; text: string | null }>(
              'SELECT recipient, text FROM mail_outbox WHERE recipient LIKE $1 ORDER BY recipient',
              [`${tag}-%`],
            );
            const swept = rows.find((r) => r.recipient.endsWith('-old-failed@example.com'));
            return rows.length === 3 && swept?.text === null ? rows : undefined;
          });
          expect(left).toEqual([
            { recipient: `${tag}-new-failed@example.com`, text: 'token inside' },
            { recipient: `${tag}-new-sent@example.com`, text: null },
            { recipient: `${tag}-old-failed@example.com`, text: null },
          ]);
        } finally {
          await app.close();
        }
      } finally {
        await db.end();
      }
    });
  });

  describe('shutdown', () => {
    it('finishes the mail it is sending before the app closes', async () => {
      const slow = await startMailCatcher({ delayMs: 1_500 });
      const app = await createTestApp({ ...slow.env, ...FAST_OUTBOX });
      try {
        const email = uniqueEmail('shutdown');
        expect((await register(app, email)).status).toBe(201);
        await eventually('the mail being sent', async () => {
          const [row] = await rowsTo(app, email);
          return row?.status === 'sending' ? row : undefined;
        });
        await app.close();
        expect(slow.mailsTo(email)).toHaveLength(1);
        const db = new Client({ connectionString: process.env.DATABASE_URL });
        await db.connect();
        try {
          const { rows } = await db.query<{ status: string }>(
            'SELECT status FROM mail_outbox WHERE recipient = $1',
            [email],
          );
          expect(rows).toEqual([{ status: 'sent' }]);
        } finally {
          await db.end();
        }
      } finally {
        await slow.stop();
      }
    });
  });

  describe('with SMTP up', () => {
    let catcher: MailCatcher;
    let first: NestExpressApplication;
    let second: NestExpressApplication;

    beforeAll(async () => {
      catcher = await startMailCatcher();
      const env = { ...catcher.env, ...FAST_OUTBOX, MAIL_BATCH_SIZE: '5' };
      first = await createTestApp(env);
      second = await createTestApp(env);
    });

    afterAll(async () => {
      await first.close();
      await second.close();
      await catcher.stop();
    });

    it('two instances on one database send each of many queued mails exactly once', async () => {
      const prefix = `fanout-${Date.now().toString(36)}`;
      const recipients = Array.from({ length: 60 }, (_, i) => `${prefix}-${i}@example.com`);
      // Queued in three transactions, one through each instance and one more, while both run.
      await Promise.all(
        [first, second, first].map((app, part) =>
          transactions(app).withTransaction(async () => {
            for (const to of recipients.filter((_, i) => i % 3 === part)) {
              await app.get(MailOutboxService).enqueue({
                kind: 'password_changed',
                to,
                subject: `Fan-out ${to}`,
                text: `Mail for ${to}`,
                html: `<p>Mail for ${to}</p>`,
              });
            }
          }),
        ),
      );
      await eventually('every fan-out mail sent', async () => {
        const [row] = await first.get(DataSource).query<{ open: number }[]>(
          `SELECT count(*) FILTER (WHERE status <> 'sent')::int AS open
               FROM mail_outbox WHERE recipient LIKE $1`,
          [`${prefix}-%`],
        );
        return row.open === 0 ? row : undefined;
      });
      for (const to of recipients) expect(catcher.mailsTo(to)).toHaveLength(1);
      expect(catcher.mails.filter((m) => m.subject.startsWith(`Fan-out ${prefix}`))).toHaveLength(
        recipients.length,
      );
    });

    it('writes no mail when the registration’s transaction fails', async () => {
      const email = uniqueEmail('duplicate');
      expect((await register(first, email)).status).toBe(201);
      expect((await register(second, email.toUpperCase())).status).toBe(409);
      expect(await rowsTo(first, email)).toHaveLength(1);

      // A mail queued in a transaction that rolls back is never written nor sent.
      const ghost = uniqueEmail('rolled-back');
      const outbox = first.get(MailOutboxService);
      await expect(
        transactions(first).withTransaction(async () => {
          await outbox.enqueue({
            kind: 'password_changed',
            to: ghost,
            subject: 'Never',
            text: 'Never sent',
            html: '<p>Never sent</p>',
          });
          throw new Error('the event failed');
        }),
      ).rejects.toThrow('the event failed');
      expect(await rowsTo(first, ghost)).toHaveLength(0);
    });

    it('sends an HTML part that escapes the name', async () => {
      const email = uniqueEmail('html');
      expect((await register(first, email, '<b>Zoë</b>')).status).toBe(201);
      const mail = await catcher.waitForMail(email, { subject: /confirm your email/i });
      expect(mail.text).toContain('Hello “<b>Zoë</b>”,');
      expect(mail.html).toContain('Hello “&lt;b&gt;Zoë&lt;/b&gt;”,');
      expect(mail.html).not.toContain('<b>Zoë</b>');
      expect(mail.html).toMatch(/<a href="http:\/\/app\.test\/api\/auth\/verify-email\?token=/);
    });

    it('tells the user about a sign-in from a new address and browser, once', async () => {
      const user = await createUserAndLogin(first, { role: 'teacher' });
      const email = user.user.email;
      const login = (agent: string) =>
        request(first.getHttpServer())
          .post('/api/auth/login')
          .set('User-Agent', agent)
          .send({ email, password: user.password })
          .expect(200);
      await login('Outbox-Test-Browser/2.0');
      const mail = await catcher.waitForMail(email, { subject: /new sign-in/i });
      expect(mail.text).toContain('Outbox-Test-Browser/2.0');
      expect(mail.text).toMatch(/Address: \S+/);
      expect(mail.text).toMatch(/not you, change your password/);
      await login('Outbox-Test-Browser/2.0');
      const signIns = (await rowsTo(first, email)).filter((r) => r.kind === 'new_sign_in');
      expect(signIns).toHaveLength(1);
    });

    it('emails a new alert to a teacher who asked for alert emails, and not to one who did not', async () => {
      const admin = await createUserAndLogin(first, { role: 'administrator' });
      const [wants, declines] = await Promise.all([
        createUserAndLogin(first, { role: 'teacher' }),
        createUserAndLogin(first, { role: 'teacher' }),
      ]);
      const prefs = (token: string, value: string) =>
        request(first.getHttpServer())
          .patch('/api/users/me/preferences')
          .set(bearer(token))
          .send({ alert_emails: value })
          .expect(200);
      expect((await prefs(wants.accessToken, 'all')).body).toEqual({
        alert_emails: 'all',
        alert_emails_is_default: false,
      });
      await prefs(declines.accessToken, 'off');
      await request(first.getHttpServer())
        .patch('/api/users/me/preferences')
        .set(bearer(wants.accessToken))
        .send({ alert_emails: 'sometimes' })
        .expect(400);

      // Attendance 65 meets the default `Low attendance` rule (medium severity).
      const { profile } = await createLinkedStudent(
        first,
        wants.accessToken,
        admin.accessToken,
        LOW_ATTENDANCE,
      );
      await request(first.getHttpServer())
        .get(`/api/predictions/${profile.student_id}`)
        .set(bearer(wants.accessToken))
        .expect(200);

      const mail = await catcher.waitForMail(wants.user.email, { subject: /alert/i });
      expect(mail.subject).toMatch(/Low attendance/);
      expect(mail.text).toContain(`student ${profile.student_id}`);
      expect(mail.html).toContain(profile.student_id);
      const wanted = await eventually('the alert mail sent', async () => {
        const rows = await rowsTo(first, wants.user.email);
        return rows.every((r) => r.status === 'sent') ? rows : undefined;
      });
      expect(wanted.filter((r) => r.kind === 'alert')).toHaveLength(1);
      expect(
        catcher.mailsTo(wants.user.email).filter((m) => /alert/i.test(m.subject)),
      ).toHaveLength(1);
      expect((await rowsTo(first, declines.user.email)).filter((r) => r.kind === 'alert')).toEqual(
        [],
      );
    });

    it('sends one alert mail per recipient for all the alerts a transaction opens', async () => {
      const admin = await createUserAndLogin(first, { role: 'administrator' });
      const teacher = await createUserAndLogin(first, { role: 'teacher' });
      await request(first.getHttpServer())
        .patch('/api/users/me/preferences')
        .set(bearer(teacher.accessToken))
        .send({ alert_emails: 'all' })
        .expect(200);
      const students = await Promise.all(
        [1, 2].map(() =>
          createLinkedStudent(first, teacher.accessToken, admin.accessToken, { attendance: 60 }),
        ),
      );
      // A student who asks for alert emails hears of their own alerts only.
      await request(first.getHttpServer())
        .patch('/api/users/me/preferences')
        .set(bearer(students[0].account.accessToken))
        .send({ alert_emails: 'all' })
        .expect(200);
      const txHost = transactions(first);
      const alerts = first.get(AlertsService);
      // Two statements in one transaction, as a batch stores its chunks.
      const opened = await txHost.withTransaction(async () => {
        let count = 0;
        for (const { profile } of students) {
          const [row] = await txHost.tx.query<{ id: string }[]>(
            'SELECT id FROM student_profiles WHERE student_id = $1',
            [profile.student_id],
          );
          count += await alerts.evaluate(row.id);
        }
        return count;
      });
      expect(opened).toBe(2);

      const mail = await catcher.waitForMail(teacher.user.email, { subject: /alert/i });
      expect(mail.subject).toMatch(/^2 new alerts$/);
      for (const { profile } of students)
        expect(mail.text).toContain(`student ${profile.student_id}`);
      const rows = (await rowsTo(first, teacher.user.email)).filter((r) => r.kind === 'alert');
      expect(rows).toHaveLength(1);

      const own = await catcher.waitForMail(students[0].account.user.email, { subject: /alert/i });
      expect(own.subject).toBe('New medium alert: Low attendance');
      expect(own.text).toContain(`student ${students[0].profile.student_id}`);
      expect(own.text).not.toContain(students[1].profile.student_id);
      expect(
        (await rowsTo(first, students[1].account.user.email)).filter((r) => r.kind === 'alert'),
      ).toEqual([]);
    });
  });
});
