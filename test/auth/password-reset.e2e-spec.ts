import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { bearer, createUserAndLogin, strongPassword, uniqueEmail } from '../helpers/auth';
import { MailCatcher, startMailCatcher, tokenFromMail } from '../helpers/mail-catcher';
import { createTestApp } from '../helpers/test-app';

// Jest's default 5 s is too short for the slower flows here (argon2, SMTP, rate-limit windows).

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('Password reset and account enumeration', () => {
  let app: NestExpressApplication;
  let mail: MailCatcher;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    mail = await startMailCatcher();
    app = await createTestApp(mail.env);
  });

  afterAll(async () => {
    await app.close();
    await mail.stop();
  });

  it('forgot → emailed token → reset: every session ends, the new password works, the user is told', async () => {
    const user = await createUserAndLogin(app, { role: 'teacher' });
    const email = user.user.email;
    const asked = await http()
      .post('/api/auth/forgot-password')
      .send({ email: email.toUpperCase() });
    expect(asked.status).toBe(202);

    // Nothing changes until the token is used.
    expect((await http().get('/api/auth/me').set(bearer(user.accessToken))).status).toBe(200);
    const stillOld = await http().post('/api/auth/login').send({ email, password: user.password });
    expect(stillOld.status).toBe(200);

    const token = tokenFromMail(await mail.waitForMail(email, { subject: /reset/i }));
    const weak = await http()
      .post('/api/auth/reset-password')
      .send({ token, password: 'password' });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('validation_failed');

    const newPassword = strongPassword();
    const reset = await http()
      .post('/api/auth/reset-password')
      .send({ token, password: newPassword });
    expect(reset.status).toBe(204);
    expect((await http().get('/api/auth/me').set(bearer(user.accessToken))).status).toBe(401);
    expect((await http().get('/api/auth/me').set(bearer(stillOld.body.access_token))).status).toBe(
      401,
    );
    expect(
      (await http().post('/api/auth/login').send({ email, password: user.password })).status,
    ).toBe(401);
    expect(
      (await http().post('/api/auth/login').send({ email, password: newPassword })).status,
    ).toBe(200);

    const notice = await mail.waitForMail(email, { subject: /password was reset/i });
    expect(notice.text).toMatch(/signed out/);
    expect(notice.text).not.toContain(token);

    // The token is spent.
    const again = await http()
      .post('/api/auth/reset-password')
      .send({ token, password: strongPassword() });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('invalid_token');
  });

  it('a newer request voids the older token; verification tokens are no reset tokens', async () => {
    const user = await createUserAndLogin(app, { role: 'student' });
    const email = user.user.email;
    await http().post('/api/auth/forgot-password').send({ email });
    const first = tokenFromMail(await mail.waitForMail(email, { subject: /reset/i }));
    await http().post('/api/auth/forgot-password').send({ email });
    const second = tokenFromMail(await mail.waitForMail(email, { subject: /reset/i }));
    expect(second).not.toBe(first);
    const old = await http()
      .post('/api/auth/reset-password')
      .send({ token: first, password: strongPassword() });
    expect(old.status).toBe(400);

    const other = uniqueEmail('purpose');
    await http()
      .post('/api/auth/register')
      .send({ email: other, password: strongPassword(), first_name: 'P', last_name: 'Q' });
    const verification = tokenFromMail(await mail.waitForMail(other));
    const wrongPurpose = await http()
      .post('/api/auth/reset-password')
      .send({ token: verification, password: strongPassword() });
    expect(wrongPurpose.status).toBe(400);

    expect(
      (
        await http()
          .post('/api/auth/reset-password')
          .send({ token: second, password: strongPassword() })
      ).status,
    ).toBe(204);
  });

  it('change-password tells the user by email', async () => {
    const user = await createUserAndLogin(app, { role: 'student' });
    const res = await http()
      .post('/api/auth/change-password')
      .set(bearer(user.accessToken))
      .send({ current_password: user.password, new_password: strongPassword() });
    expect(res.status).toBe(204);
    const notice = await mail.waitForMail(user.user.email, { subject: /password was changed/i });
    expect(notice.text).toMatch(/other sessions were signed out/);
  });

  it('answers known and unknown emails alike: same status, same body, similar time, no mail for the unknown', async () => {
    const user = await createUserAndLogin(app, { role: 'student' });
    const unknown = uniqueEmail('ghost');
    const known = await http().post('/api/auth/forgot-password').send({ email: user.user.email });
    const ghost = await http().post('/api/auth/forgot-password').send({ email: unknown });
    expect(ghost.status).toBe(known.status);
    expect(ghost.body).toEqual(known.body);
    await mail.waitForMail(user.user.email, { subject: /reset/i });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mail.mailsTo(unknown)).toHaveLength(0);

    const badKnown = await http()
      .post('/api/auth/login')
      .send({ email: user.user.email, password: 'wrong password!' });
    const badUnknown = await http()
      .post('/api/auth/login')
      .send({ email: unknown, password: 'wrong password!' });
    expect(badKnown.status).toBe(401);
    expect(badUnknown.status).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, request_id: undefined });
    expect(strip(badUnknown.body)).toEqual(strip(badKnown.body));

    // Timing: interleaved samples, compared by median.
    const timeOf = async (send: () => request.Test) => {
      const start = process.hrtime.bigint();
      await send();
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const login = { known: [] as number[], unknown: [] as number[] };
    const forgot = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 9; i += 1) {
      login.known.push(
        await timeOf(() =>
          http()
            .post('/api/auth/login')
            .send({ email: user.user.email, password: `wrong-${i}-pass` }),
        ),
      );
      login.unknown.push(
        await timeOf(() =>
          http()
            .post('/api/auth/login')
            .send({ email: unknown, password: `wrong-${i}-pass` }),
        ),
      );
      forgot.known.push(
        await timeOf(() =>
          http().post('/api/auth/forgot-password').send({ email: user.user.email }),
        ),
      );
      forgot.unknown.push(
        await timeOf(() => http().post('/api/auth/forgot-password').send({ email: unknown })),
      );
    }
    const ratio = (a: number[], b: number[]) => median(a) / median(b);
    // Both paths verify one argon2 hash: the unknown email is checked against a dummy hash.
    expect(median(login.unknown)).toBeGreaterThan(5);
    expect(ratio(login.unknown, login.known)).toBeGreaterThan(0.5);
    expect(ratio(login.unknown, login.known)).toBeLessThan(2);
    // forgot-password answers before any lookup or mail, for both.
    expect(Math.abs(median(forgot.unknown) - median(forgot.known))).toBeLessThan(25);
  });
});
