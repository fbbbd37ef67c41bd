import { gzipSync } from 'node:zlib';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  bearer,
  createUserAndLogin,
  LoggedInUser,
  strongPassword,
  uniqueEmail,
} from './helpers/auth';
import { createTestApp } from './helpers/test-app';

/**
 * Hostile bytes at the edge: every case is a 4xx problem+json decided by the parser or the
 * input checks, and leaves the database as it was.
 */
describe('Hostile input: no 5xx from bodies, encodings, charsets, bytes or numbers', () => {
  let app: NestExpressApplication;
  let db: DataSource;
  let admin: LoggedInUser;
  const http = () => request(app.getHttpServer());
  const PROBLEM = /^application\/problem\+json/;

  beforeAll(async () => {
    app = await createTestApp();
    db = app.get(DataSource);
    admin = await createUserAndLogin(app, { role: 'administrator' });
  });

  afterAll(async () => app.close());

  async function counts(): Promise<{ users: number; sessions: number; students: number }> {
    const [row] = await db.query<{ users: number; sessions: number; students: number }[]>(
      `SELECT (SELECT count(*) FROM users)::int AS users,
              (SELECT count(*) FROM user_sessions)::int AS sessions,
              (SELECT count(*) FROM student_profiles)::int AS students`,
    );
    return row;
  }

  /** Runs the request and checks that no user, session or student was added or removed. */
  async function changesNothing(send: () => Promise<request.Response>): Promise<request.Response> {
    const before = await counts();
    const res = await send();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(await counts()).toEqual(before);
    return res;
  }

  function registration(extra: Record<string, unknown> = {}) {
    return {
      email: uniqueEmail('hostile'),
      password: strongPassword(),
      first_name: 'Ada',
      last_name: 'Lovelace',
      ...extra,
    };
  }

  /** A JSON request with the body sent as it is (superagent would serialise a Buffer). */
  const postJson = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    http()
      .post(path)
      .set({ 'Content-Type': 'application/json', ...headers })
      .serialize((raw: string | Buffer) => raw as string)
      .send(body);

  it('refuses JSON nested 1,500 levels deep (3 KB) with 400 body_too_deep', async () => {
    const deep = '['.repeat(1_500) + ']'.repeat(1_500);
    const body = JSON.stringify(registration()).replace('"Ada"', deep);
    const res = await changesNothing(() => postJson('/api/auth/register', body));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('body_too_deep');
  });

  it('refuses 300 KB of nesting on the anonymous login with 400 body_too_deep', async () => {
    const nesting = '{"a":'.repeat(30_000) + '1' + '}'.repeat(30_000);
    const body = `{"email":${'['.repeat(75_000)}${']'.repeat(75_000)},"password":${nesting}}`;
    expect(body.length).toBeGreaterThan(300_000);
    const res = await changesNothing(() => postJson('/api/auth/login', body));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('body_too_deep');
  });

  it('still takes JSON nested up to the limit (32 levels) to validation', async () => {
    const nested = '['.repeat(30) + ']'.repeat(30);
    const res = await changesNothing(() =>
      postJson('/api/auth/login', `{"email":${nested},"password":"x"}`),
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('email');
  });

  it('answers 413 for a body above BODY_LIMIT, also when it only grows that large inflated', async () => {
    const big = JSON.stringify(registration({ first_name: 'A'.repeat(1_100_000) }));
    const plain = await changesNothing(() => postJson('/api/auth/register', big));
    expect(plain.status).toBe(413);
    const zipped = gzipSync(big);
    expect(zipped.length).toBeLessThan(100_000);
    const inflated = await changesNothing(() =>
      postJson('/api/auth/register', zipped, { 'Content-Encoding': 'gzip' }),
    );
    expect(inflated.status).toBe(413);
  });

  it('refuses a NUL in register’s first_name with a 400 naming first_name, and creates nobody', async () => {
    const body = registration({ first_name: 'A\u0000b' });
    const res = await changesNothing(() => http().post('/api/auth/register').send(body));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors).toEqual([
      { field: 'first_name', message: expect.stringContaining('U+0000') as string },
    ]);
    const found = await db.query<unknown[]>('SELECT 1 FROM users WHERE email = $1', [body.email]);
    expect(found).toHaveLength(0);
  });

  it('refuses other C0 control characters and unpaired surrogates, naming the field', async () => {
    const escape = await changesNothing(() =>
      http()
        .post('/api/auth/register')
        .send(registration({ last_name: 'Love\u001blace' })),
    );
    expect(escape.status).toBe(400);
    expect(escape.body.errors[0].field).toBe('last_name');
    const surrogate = await changesNothing(() =>
      postJson('/api/auth/login', '{"email":"a@example.com","password":"x\\ud800"}'),
    );
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.errors[0].field).toBe('password');
  });

  it('refuses a NUL in a query parameter or a path parameter with a 400 naming it', async () => {
    const query = await changesNothing(() =>
      http().get('/api/users?search=a%00b').set(bearer(admin.accessToken)),
    );
    expect(query.status).toBe(400);
    expect(query.body.errors[0].field).toBe('search');
    const path = await changesNothing(() =>
      http().get('/api/students/STU%00').set(bearer(admin.accessToken)),
    );
    expect(path.status).toBe(400);
    expect(path.body.errors[0].field).toBe('student_id');
    const token = await changesNothing(() => http().get('/api/auth/verify-email?token=%00'));
    expect(token.status).toBe(400);
    expect(token.body.errors[0].field).toBe('token');
  });

  it('answers 400 for a huge page, and still serves a far page within the bound (empty)', async () => {
    for (const page of ['1e300', '9007199254740993', '1000001']) {
      const res = await changesNothing(() =>
        http().get(`/api/audit-logs?page=${page}`).set(bearer(admin.accessToken)),
      );
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('page');
    }
    const far = await http().get('/api/users?page=1000000').set(bearer(admin.accessToken));
    expect(far.status).toBe(200);
    expect(far.body.data).toEqual([]);
    expect(far.body.meta.page).toBe(1_000_000);
  });

  it('bounds numeric filters: 1e300 is a 400, a fraction on an integer column filters', async () => {
    const huge = await changesNothing(() =>
      http().get('/api/students?min_age=1e300').set(bearer(admin.accessToken)),
    );
    expect(huge.status).toBe(400);
    expect(huge.body.errors[0].field).toBe('min_age');
    const fraction = await http()
      .get('/api/analytics/overview?min_age=1.5&max_tutoring_sessions=2.5')
      .set(bearer(admin.accessToken));
    expect(fraction.status).toBe(200);
  });

  it('answers 415 for Content-Encoding br and 400 for a corrupt gzip body; a real gzip body works', async () => {
    const login = JSON.stringify({ email: admin.user.email, password: admin.password });
    const br = await changesNothing(() =>
      postJson('/api/auth/login', login, { 'Content-Encoding': 'br' }),
    );
    expect(br.status).toBe(415);
    expect(br.body.code).toBe('unsupported_media_type');
    const corrupt = await changesNothing(() =>
      postJson('/api/auth/login', Buffer.from('this is not gzip'), { 'Content-Encoding': 'gzip' }),
    );
    expect(corrupt.status).toBe(400);
    expect(corrupt.body.code).toBe('malformed_body');
    const zipped = await postJson('/api/auth/login', gzipSync(login), {
      'Content-Encoding': 'gzip',
    });
    expect(zipped.status).toBe(200);
  });

  it('answers 415 for JSON in another charset, and 400 for bytes that are not UTF-8', async () => {
    const login = JSON.stringify({ email: admin.user.email, password: admin.password });
    const latin1 = await changesNothing(() =>
      http()
        .post('/api/auth/login')
        .set('Content-Type', 'application/json; charset=latin1')
        .send(login),
    );
    expect(latin1.status).toBe(415);
    expect(latin1.body.code).toBe('unsupported_media_type');
    const bytes = Buffer.concat([
      Buffer.from('{"email":"a@example.com","password":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    const invalid = await changesNothing(() => postJson('/api/auth/login', bytes));
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('malformed_body');
  });

  it('accepts JSON only on the auth routes: a form-encoded login with the right password is a 415 and logs nobody in', async () => {
    const form = `email=${encodeURIComponent(admin.user.email)}&password=${encodeURIComponent(admin.password)}`;
    const res = await changesNothing(() =>
      http()
        .post('/api/auth/login')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(form),
    );
    expect(res.status).toBe(415);
    expect(res.headers['set-cookie']).toBeUndefined();
    const multipart = await changesNothing(() =>
      http()
        .post('/api/auth/login')
        .field('email', admin.user.email)
        .field('password', admin.password),
    );
    expect(multipart.status).toBe(415);
    const text = await changesNothing(() =>
      http().post('/api/auth/forgot-password').set('Content-Type', 'text/plain').send('{}'),
    );
    expect(text.status).toBe(415);
  });

  it('answers 415 for a form of 1,001 fields; a multipart upload of 1,001 fields is a 400', async () => {
    const fields = Array.from({ length: 1_001 }, (_, i) => `f${i}=x`).join('&');
    const form = await changesNothing(() =>
      http()
        .post('/api/auth/register')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(fields),
    );
    expect(form.status).toBe(415);
    const upload = http().post('/api/data/import').set(bearer(admin.accessToken));
    for (let i = 0; i < 1_001; i++) void upload.field(`f${i}`, 'x');
    const res = await changesNothing(() => upload);
    expect(res.status).toBe(400);
  });

  it('refuses __proto__, constructor and prototype keys like any unknown key, naming them', async () => {
    const body = JSON.stringify(registration()).replace(
      '{',
      '{"__proto__":{"role":"administrator"},',
    );
    const proto = await changesNothing(() => postJson('/api/auth/register', body));
    expect(proto.status).toBe(400);
    expect(proto.body.errors).toEqual([{ field: '__proto__', message: 'is not allowed' }]);
    const nested = await changesNothing(() =>
      http()
        .post('/api/auth/login')
        .send({ email: admin.user.email, password: admin.password, constructor: { a: 1 } }),
    );
    expect(nested.status).toBe(400);
    expect(nested.body.errors[0].field).toBe('constructor');
    const query = await changesNothing(() =>
      http().get('/api/users?__proto__=x').set(bearer(admin.accessToken)),
    );
    expect(query.status).toBe(400);
    expect(query.body.errors[0].field).toBe('__proto__');
  });
});
