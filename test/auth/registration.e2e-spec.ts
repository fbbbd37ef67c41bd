import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createUserAndLogin, strongPassword, uniqueEmail } from '../helpers/auth';
import { MailCatcher, startMailCatcher, tokenFromMail } from '../helpers/mail-catcher';
import { createTestApp } from '../helpers/test-app';

// Jest's default 5 s is too short for the slower flows here (argon2, SMTP, rate-limit windows).

describe('Registration, email verification, login and refresh (real SMTP)', () => {
  let app: NestExpressApplication;
  let mail: MailCatcher;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    mail = await startMailCatcher();
    app = await createTestApp({
      ...mail.env,
      MAIL_FROM: 'Student Performance <no-reply@school.test>',
    });
  });

  afterAll(async () => {
    await app.close();
    await mail.stop();
  });

  function register(body: Record<string, unknown>, token?: string) {
    const req = http().post('/api/auth/register');
    if (token) void req.set(bearer(token));
    return req.send(body);
  }

  it('register → email → verify by the emailed link → login → refresh → replayed token ends the session', async () => {
    const email = uniqueEmail('Reg');
    const password = strongPassword();
    const created = await register({ email, password, first_name: ' Ada ', last_name: 'Lovelace' });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/api/users/${created.body.user.id}`);
    expect(created.body.user).toMatchObject({
      email: email.toLowerCase(),
      first_name: 'Ada',
      last_name: 'Lovelace',
      role: 'student',
      email_verified: false,
      is_active: true,
    });

    // Not verified yet: the right password still does not log in.
    const early = await http().post('/api/auth/login').send({ email, password });
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('email_not_verified');

    const message = await mail.waitForMail(email, { subject: /confirm your email/i });
    expect(message.parsed.from?.text).toContain('no-reply@school.test');
    const link = /http:\/\/app\.test(\/api\/auth\/verify-email\?token=[A-Za-z0-9_%-]+)/.exec(
      message.text,
    );
    expect(link).not.toBeNull();
    const verified = await http().get(link![1]);
    expect(verified.status).toBe(200);
    expect(verified.body.user).toMatchObject({ email: email.toLowerCase(), email_verified: true });

    // The link works once.
    const again = await http().get(link![1]);
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('invalid_token');

    const login = await http().post('/api/auth/login').send({ email, password });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({
      token_type: 'Bearer',
      user: { email: email.toLowerCase() },
    });
    expect(login.body.expires_in).toBeGreaterThan(0);
    expect(login.body.expires_in).toBeLessThanOrEqual(900);
    expect(login.headers['cache-control']).toBe('no-store');

    const me = await http().get('/api/auth/me').set(bearer(login.body.access_token));
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(created.body.user.id);

    // The original system's form: Authorization: Bearer <refresh_token>.
    const first = await http().post('/api/auth/refresh').set(bearer(login.body.refresh_token));
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(login.body.refresh_token);
    expect(first.body.access_token).not.toBe(login.body.access_token);

    const second = await http()
      .post('/api/auth/refresh')
      .send({ refresh_token: first.body.refresh_token });
    expect(second.status).toBe(200);

    // Replaying a spent token: 401, and the whole session is gone, newest tokens included.
    const replay = await http()
      .post('/api/auth/refresh')
      .send({ refresh_token: first.body.refresh_token });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('refresh_token_reused');
    const newest = await http()
      .post('/api/auth/refresh')
      .send({ refresh_token: second.body.refresh_token });
    expect(newest.status).toBe(401);
    const access = await http().get('/api/auth/me').set(bearer(second.body.access_token));
    expect(access.status).toBe(401);
  });

  it('verifies with POST too, and refuses unknown or malformed tokens', async () => {
    const email = uniqueEmail('post-verify');
    expect(
      (await register({ email, password: strongPassword(), first_name: 'P', last_name: 'V' }))
        .status,
    ).toBe(201);
    const token = tokenFromMail(await mail.waitForMail(email));
    const bad = await http()
      .post('/api/auth/verify-email')
      .send({ token: 'x'.repeat(43) });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_token');
    const empty = await http().post('/api/auth/verify-email').send({});
    expect(empty.status).toBe(400);
    const ok = await http().post('/api/auth/verify-email').send({ token });
    expect(ok.status).toBe(200);
    expect(ok.body.user.email_verified).toBe(true);
  });

  it('refuses an expired verification token', async () => {
    const email = uniqueEmail('expired');
    const created = await register({
      email,
      password: strongPassword(),
      first_name: 'E',
      last_name: 'X',
    });
    const token = tokenFromMail(await mail.waitForMail(email));
    await app
      .get(DataSource)
      .query(
        "UPDATE one_time_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1",
        [created.body.user.id],
      );
    const res = await http().post('/api/auth/verify-email').send({ token });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_token');
  });

  it('issues verification tokens valid for 24 hours', async () => {
    const email = uniqueEmail('ttl');
    const created = await register({
      email,
      password: strongPassword(),
      first_name: 'T',
      last_name: 'L',
    });
    const rows: { seconds: number; purpose: string }[] = await app
      .get(DataSource)
      .query(
        'SELECT EXTRACT(EPOCH FROM expires_at - created_at)::int AS seconds, purpose FROM one_time_tokens WHERE user_id = $1',
        [created.body.user.id],
      );
    expect(rows).toHaveLength(1);
    expect(rows[0].purpose).toBe('email_verification');
    expect(Math.abs(rows[0].seconds - 24 * 3600)).toBeLessThanOrEqual(2);
  });

  it('resend answers 202 the same for unknown, unverified and verified accounts; a new link voids the old one', async () => {
    const email = uniqueEmail('resend');
    await register({ email, password: strongPassword(), first_name: 'R', last_name: 'S' });
    const firstToken = tokenFromMail(await mail.waitForMail(email));

    const known = await http().post('/api/auth/resend-verification').send({ email });
    const unknown = await http()
      .post('/api/auth/resend-verification')
      .send({ email: uniqueEmail('nobody') });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);

    const secondToken = tokenFromMail(await mail.waitForMail(email));
    expect(secondToken).not.toBe(firstToken);
    expect((await http().post('/api/auth/verify-email').send({ token: firstToken })).status).toBe(
      400,
    );
    expect((await http().post('/api/auth/verify-email').send({ token: secondToken })).status).toBe(
      200,
    );

    // Verified now: resending sends nothing more.
    const before = mail.mailsTo(email).length;
    expect((await http().post('/api/auth/resend-verification').send({ email })).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mail.mailsTo(email)).toHaveLength(before);
  });

  it('refuses weak, common or too long passwords, and a taken email', async () => {
    const email = uniqueEmail('weak');
    for (const password of ['short', 'password123', 'Qwerty123', 'x'.repeat(129)]) {
      const res = await register({ email, password, first_name: 'W', last_name: 'P' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors[0].field).toBe('password');
    }
    const ok = await register({
      email,
      password: strongPassword(),
      first_name: 'W',
      last_name: 'P',
    });
    expect(ok.status).toBe(201);
    const taken = await register({
      email: email.toUpperCase(),
      password: strongPassword(),
      first_name: 'W',
      last_name: 'P',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('email_taken');
  });

  it('ignores nothing silently: mass-assigned fields are refused, roles need an administrator', async () => {
    const base = () => ({
      email: uniqueEmail('mass'),
      password: strongPassword(),
      first_name: 'M',
      last_name: 'A',
    });
    for (const extra of [
      { email_verified: true },
      { id: '0c9d7b7e-3f7a-4d0e-8a59-2b8f3c1d9e20' },
      { is_active: false },
      { password_hash: 'x' },
      { student_id: 'STU0001' },
    ]) {
      const res = await register({ ...base(), ...extra });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }

    const asPublic = await register({ ...base(), role: 'administrator' });
    expect(asPublic.status).toBe(403);
    const teacher = await createUserAndLogin(app, { role: 'teacher' });
    const asTeacher = await register({ ...base(), role: 'teacher' }, teacher.accessToken);
    expect(asTeacher.status).toBe(403);
    const asGarbage = await register({ ...base(), role: 'teacher' }, 'not-a-token');
    expect(asGarbage.status).toBe(401);

    const admin = await createUserAndLogin(app, { role: 'administrator' });
    const body = base();
    const byAdmin = await register({ ...body, role: 'teacher' }, admin.accessToken);
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body.user).toMatchObject({ role: 'teacher', email_verified: false });
    const teacherRows = await app
      .get(DataSource)
      .query('SELECT 1 FROM teachers WHERE user_id = $1', [byAdmin.body.user.id]);
    expect(teacherRows).toHaveLength(1);

    // An explicit student role is fine for everyone.
    expect((await register({ ...base(), role: 'student' })).status).toBe(201);
  });

  it('links a verified student to the student profile with the same email', async () => {
    const email = uniqueEmail('linked');
    const studentId = `STU${Math.floor(10_000_000 + Math.random() * 89_999_999)}`;
    await app.get(DataSource).query(
      `INSERT INTO student_profiles (student_id, first_name, last_name, email, gender, hours_studied,
         attendance, parental_involvement, access_to_resources, extracurricular_activities,
         sleep_hours, previous_scores, motivation_level, internet_access, tutoring_sessions,
         family_income, school_type, peer_influence, physical_activity, learning_disabilities)
       VALUES ($1, 'Lin', 'Ked', $2, 'Female', 20, 90, 'High', 'High', true, 7, 80, 'High', true,
               1, 'Medium', 'Public', 'Positive', 3, false)`,
      [studentId, email.toUpperCase()],
    );
    const password = strongPassword();
    await register({ email, password, first_name: 'Lin', last_name: 'Ked' });
    const token = tokenFromMail(await mail.waitForMail(email));
    const verified = await http().post('/api/auth/verify-email').send({ token });
    expect(verified.body.user.student_id).toBe(studentId);
    const login = await http().post('/api/auth/login').send({ email, password });
    expect(login.body.user.student_id).toBe(studentId);
  });
});
