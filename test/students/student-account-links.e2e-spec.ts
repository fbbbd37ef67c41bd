import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import {
  bearer,
  createUserAndLogin,
  LoggedInUser,
  strongPassword,
  uniqueEmail,
} from '../helpers/auth';
import { MailCatcher, startMailCatcher, tokenFromMail } from '../helpers/mail-catcher';
import { createTestApp } from '../helpers/test-app';
import { createStudent } from './student-factory';

interface AuditRow {
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: Record<string, unknown>;
}

/**
 * A student account is linked to the profile with its email automatically (when the account is
 * created verified, when its email is verified, at login when the profile came later), and by
 * administrators. An administrator's unlink stays: automatic linking leaves that profile alone.
 * Every link and unlink is in the audit log with who did it, the student and the account.
 */
describe('Student account links: unlink stays, every link audited', () => {
  let app: NestExpressApplication;
  let mail: MailCatcher;
  let admin: LoggedInUser;
  let teacher: LoggedInUser;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    mail = await startMailCatcher();
    app = await createTestApp({ ...mail.env });
    admin = await createUserAndLogin(app, { role: 'administrator' });
    teacher = await createUserAndLogin(app, { role: 'teacher' });
  });

  afterAll(async () => {
    await app.close();
    await mail.stop();
  });

  /** The link events of one student profile, oldest first. */
  async function linkEvents(studentId: string): Promise<AuditRow[]> {
    const res = await http()
      .get('/api/audit-logs')
      .query({ target: `student:${studentId}`, action: 'student.*', per_page: 100 })
      .set(bearer(admin.accessToken))
      .expect(200);
    return (res.body.data as AuditRow[])
      .filter(
        (row) => row.action === 'student.user_linked' || row.action === 'student.user_unlinked',
      )
      .reverse();
  }

  function login(user: LoggedInUser) {
    return http()
      .post('/api/auth/login')
      .send({ email: user.user.email, password: user.password })
      .expect(200);
  }

  it('links at login a profile created after the account, and audits it as automatic', async () => {
    const student = await createUserAndLogin(app, { role: 'student' });
    expect(student.user.student_id).toBeUndefined();
    const profile = await createStudent(app, teacher.accessToken, {
      email: student.user.email.toUpperCase(),
    });

    const next = await login(student);
    expect(next.body.user.student_id).toBe(profile.student_id);
    expect(await linkEvents(profile.student_id)).toEqual([
      expect.objectContaining({
        action: 'student.user_linked',
        actor_id: student.user.id,
        actor_role: 'student',
        target_type: 'student',
        target_id: profile.student_id,
        details: { user_id: student.user.id, automatic: true, trigger: 'login' },
      }),
    ]);
    // Logging in again changes nothing and records nothing more.
    await login(student);
    expect(await linkEvents(profile.student_id)).toHaveLength(1);
  });

  it("keeps an administrator's unlink across the student's next logins; an administrator can link again", async () => {
    const student = await createUserAndLogin(app, { role: 'student' });
    const profile = await createStudent(app, teacher.accessToken, { email: student.user.email });
    expect((await login(student)).body.user.student_id).toBe(profile.student_id);
    const path = `/api/students/${profile.student_id}/user`;

    await http().delete(path).set(bearer(admin.accessToken)).expect(204);
    const after = await login(student);
    expect(after.body.user.student_id).toBeUndefined();
    await login(student);
    await http()
      .get('/api/students/me')
      .set(bearer(after.body.access_token as string))
      .expect(404);
    const read = await http()
      .get(`/api/students/${profile.student_id}`)
      .set(bearer(teacher.accessToken))
      .expect(200);
    expect(read.body.user_id ?? null).toBeNull();

    // The administrator's own decision: linking again works, and is audited as theirs.
    await http()
      .put(path)
      .set(bearer(admin.accessToken))
      .send({ user_id: student.user.id })
      .expect(200);
    expect((await login(student)).body.user.student_id).toBe(profile.student_id);
    await http().delete(path).set(bearer(admin.accessToken)).expect(204);
    expect((await login(student)).body.user.student_id).toBeUndefined();

    const events = await linkEvents(profile.student_id);
    expect(events.map((e) => [e.action, e.actor_id, e.details])).toEqual([
      [
        'student.user_linked',
        student.user.id,
        { user_id: student.user.id, automatic: true, trigger: 'login' },
      ],
      ['student.user_unlinked', admin.user.id, { user_id: student.user.id }],
      ['student.user_linked', admin.user.id, { user_id: student.user.id }],
      ['student.user_unlinked', admin.user.id, { user_id: student.user.id }],
    ]);
  });

  it('audits the automatic link of an account created verified by an administrator', async () => {
    const email = uniqueEmail('created');
    const profile = await createStudent(app, teacher.accessToken, { email });
    const created = await http()
      .post('/api/users')
      .set(bearer(admin.accessToken))
      .send({
        email,
        password: strongPassword(),
        first_name: 'Cre',
        last_name: 'Ated',
        role: 'student',
        email_verified: true,
      })
      .expect(201);
    const userId = (created.body.user ?? created.body).id as string;
    expect(await linkEvents(profile.student_id)).toEqual([
      expect.objectContaining({
        action: 'student.user_linked',
        actor_id: admin.user.id,
        actor_role: 'administrator',
        details: { user_id: userId, automatic: true, trigger: 'account_created' },
      }),
    ]);
  });

  it('audits the automatic link at email verification, with the student as the actor', async () => {
    const email = uniqueEmail('verified');
    const profile = await createStudent(app, teacher.accessToken, { email });
    await http()
      .post('/api/auth/register')
      .send({ email, password: strongPassword(), first_name: 'Veri', last_name: 'Fied' })
      .expect(201);
    const token = tokenFromMail(await mail.waitForMail(email));
    const verified = await http().post('/api/auth/verify-email').send({ token }).expect(200);
    expect(verified.body.user.student_id).toBe(profile.student_id);
    const userId = verified.body.user.id as string;
    expect(await linkEvents(profile.student_id)).toEqual([
      expect.objectContaining({
        action: 'student.user_linked',
        actor_id: userId,
        actor_role: 'student',
        details: { user_id: userId, automatic: true, trigger: 'email_verified' },
      }),
    ]);
  });
});
