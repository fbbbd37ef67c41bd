import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, createUserAndLogin, strongPassword, uniqueEmail } from './helpers/auth';
import { MailCatcher, startMailCatcher } from './helpers/mail-catcher';
import { createTestApp } from './helpers/test-app';
import { createStudent, studentBody } from './students/student-factory';

/** Names that are not one line of plain text, or that read as a link or an address. */
const HOSTILE_NAMES: Array<[string, string]> = [
  ['a line break', 'Jane\nClick https://evil.example to keep your account'],
  ['a carriage return', 'Jane\r\nBcc: all@school.example'],
  ['a C1 control character', 'Jane\u0085Doe'],
  ['a line separator', 'Jane\u2028Doe'],
  ['a right-to-left override', 'Jane\u202eeoD'],
  ['a URL', 'https://evil.example'],
  ['a domain name', 'evil.com'],
  ['www.', 'www.example'],
  ['an email address', 'jane@evil.example'],
];

/** Real names from many places, which must all be accepted as they are. */
const REAL_NAMES: Array<[string, string]> = [
  ["O'Brien", 'Zoë'],
  ['Jean-Luc', 'Nguyễn Văn'],
  ['St. John', 'van der Berg'],
  ['J.R.R.', 'Tolkien Jr.'],
  ['محمد', 'الأحمد'],
  ['王', '小明'],
  ['Владимир', 'Ødegaard'],
  ['Ngũgĩ', 'wa Thiong’o'],
  ['मीरा', 'Dlamini-Zuma'],
  ['Sinéad', 'Ní Chonchúir'],
];

describe('Names are single-line, and mails show user text inertly', () => {
  let app: NestExpressApplication;
  let mail: MailCatcher;
  let admin: Awaited<ReturnType<typeof createUserAndLogin>>;
  let teacher: Awaited<ReturnType<typeof createUserAndLogin>>;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    mail = await startMailCatcher();
    app = await createTestApp(mail.env);
    admin = await createUserAndLogin(app, { role: 'administrator' });
    teacher = await createUserAndLogin(app, { role: 'teacher' });
  });

  afterAll(async () => {
    await app?.close();
    await mail?.stop();
  });

  it.each(HOSTILE_NAMES)(
    'registration refuses a name with %s, naming the field',
    async (_, name) => {
      for (const field of ['first_name', 'last_name']) {
        const email = uniqueEmail('hostile');
        const res = await http()
          .post('/api/auth/register')
          .send({
            email,
            password: strongPassword(),
            first_name: 'Jane',
            last_name: 'Doe',
            [field]: name,
          });
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body.errors).toEqual([{ field, message: expect.stringContaining(field) }]);
        // Nothing was created.
        const count = await app
          .get(DataSource)
          .query('SELECT count(*)::int AS n FROM users WHERE email = $1', [email]);
        expect(count[0].n).toBe(0);
      }
    },
  );

  it.each(HOSTILE_NAMES)(
    'creating a user or a student, or changing a name, refuses %s',
    async (_, name) => {
      const created = await http()
        .post('/api/users')
        .set(bearer(admin.accessToken))
        .send({
          email: uniqueEmail('x'),
          password: strongPassword(),
          first_name: name,
          last_name: 'Doe',
        });
      expect(created.status).toBe(400);
      expect(created.body.errors).toEqual([
        { field: 'first_name', message: expect.stringContaining('first_name') },
      ]);

      const patchedUser = await http()
        .patch(`/api/users/${teacher.user.id}`)
        .set(bearer(admin.accessToken))
        .send({ last_name: name });
      expect(patchedUser.status).toBe(400);
      expect(patchedUser.body.errors).toEqual([
        { field: 'last_name', message: expect.stringContaining('last_name') },
      ]);

      const student = await http()
        .post('/api/students')
        .set(bearer(teacher.accessToken))
        .send(studentBody({ first_name: name }));
      expect(student.status).toBe(400);
      expect(student.body.errors).toEqual([
        { field: 'first_name', message: expect.stringContaining('first_name') },
      ]);

      const existing = await createStudent(app, teacher.accessToken);
      const patchedStudent = await http()
        .patch(`/api/students/${existing.student_id}`)
        .set(bearer(teacher.accessToken))
        .send({ last_name: name });
      expect(patchedStudent.status).toBe(400);
      expect(patchedStudent.body.errors).toEqual([
        { field: 'last_name', message: expect.stringContaining('last_name') },
      ]);
      const after = await http()
        .get(`/api/students/${existing.student_id}`)
        .set(bearer(teacher.accessToken))
        .expect(200);
      expect(after.body.last_name).toBe(existing.last_name);
    },
  );

  it('accepts real names from many places as they are written', async () => {
    for (const [first, last] of REAL_NAMES) {
      const registered = await http()
        .post('/api/auth/register')
        .send({
          email: uniqueEmail('real'),
          password: strongPassword(),
          first_name: first,
          last_name: last,
        });
      expect({ first, last, status: registered.status }).toEqual({ first, last, status: 201 });
      expect(registered.body.user).toMatchObject({ first_name: first, last_name: last });

      const student = await createStudent(app, teacher.accessToken, {
        first_name: first,
        last_name: last,
      });
      expect(student).toMatchObject({ first_name: first, last_name: last });
    }
  });

  it('a stored name with a line break and a link (written before the rule) is mailed inertly', async () => {
    const user = await createUserAndLogin(app, { role: 'teacher' });
    const stored =
      'Jane\r\nYour account is locked: unlock it at https://evil.example/unlock <b>now</b>';
    await app
      .get(DataSource)
      .query('UPDATE users SET first_name = $2 WHERE id = $1', [user.user.id, stored]);

    await http().post('/api/auth/forgot-password').send({ email: user.user.email }).expect(202);
    const caught = await mail.waitForMail(user.user.email, { subject: /reset/i });

    const shown = 'Jane Your account is locked: unlock it at https[:]//evil[.]example/unlock';
    // Plain text: the name on the greeting line, within quotes, with no line of its own.
    expect(caught.text).toMatch(/^Hello “Jane Your account is locked: .*<b>now<\/b>”,$/m);
    expect(caught.text).toContain(shown);
    expect(caught.text).not.toMatch(/^Your account is locked/m);
    expect(caught.text).not.toContain('https://evil.example');
    expect(caught.text).not.toContain('evil.example');
    // HTML: escaped, and no link to the site named.
    expect(caught.html).toContain(`Hello “${shown} &lt;b&gt;now&lt;/b&gt;”,`);
    expect(caught.html).not.toContain('<b>now</b>');
    expect(caught.html).not.toContain('evil.example');
    expect(caught.html.match(/<a /g)).toHaveLength(1); // the reset link only
    expect(caught.html).toContain('href="http://app.test/api/auth/reset-password?token=');
  });
});
