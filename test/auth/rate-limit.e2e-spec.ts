import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { bearer, createUserAndLogin, uniqueEmail } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';

// Jest's default 5 s is too short for the slower flows here (argon2, SMTP, rate-limit windows).

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expectRateLimited(res: request.Response, maxRetryAfter = 3): number {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.code).toBe('rate_limited');
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxRetryAfter);
  return retryAfter;
}

describe('Rate limits (lowered for the test)', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp({
      RATE_LIMIT_MAX: '1000',
      AUTH_RATE_LIMIT_IP_MAX: '8',
      AUTH_RATE_LIMIT_IP_WINDOW_SECONDS: '2',
      AUTH_RATE_LIMIT_ACCOUNT_MAX: '3',
      AUTH_RATE_LIMIT_ACCOUNT_WINDOW_SECONDS: '2',
      LOGIN_CLIENT_MAX_FAILURES: '3',
      LOGIN_CLIENT_WINDOW_SECONDS: '2',
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it('limits failed logins per account and client with 429 + Retry-After, and recovers when the window ends', async () => {
    const user = await createUserAndLogin(app, { role: 'student' });
    for (let i = 0; i < 3; i += 1) {
      const res = await http()
        .post('/api/auth/login')
        .send({ email: user.user.email, password: 'wrong guess 1' });
      expect(res.status).toBe(401);
    }
    const limited = await http()
      .post('/api/auth/login')
      .send({ email: user.user.email, password: user.password });
    const retryAfter = expectRateLimited(limited);
    // Same address, another account: not affected by that account's limit.
    const other = await http()
      .post('/api/auth/login')
      .send({ email: uniqueEmail('other'), password: 'wrong guess 1' });
    expect(other.status).toBe(401);

    await sleep(retryAfter * 1000 + 200);
    const recovered = await http()
      .post('/api/auth/login')
      .send({ email: user.user.email, password: user.password });
    expect(recovered.status).toBe(200);
  });

  it('limits forgot-password per client address across accounts, then recovers', async () => {
    await sleep(2100);
    // At once, so that all eight fall in one window even on a slow machine.
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        http()
          .post('/api/auth/forgot-password')
          .send({ email: uniqueEmail(`ip${i}`) })
          .then((res) => res.status),
      ),
    );
    expect(answers).toEqual(Array.from({ length: 8 }, () => 202));
    const limited = await http()
      .post('/api/auth/forgot-password')
      .send({ email: uniqueEmail('ip-last') });
    const retryAfter = expectRateLimited(limited);
    await sleep(retryAfter * 1000 + 200);
    expect(
      (
        await http()
          .post('/api/auth/forgot-password')
          .send({ email: uniqueEmail('ip-again') })
      ).status,
    ).toBe(202);
  });

  it('limits refreshes per session', async () => {
    const user = await createUserAndLogin(app, { role: 'teacher' });
    let token = user.refreshToken;
    for (let i = 0; i < 3; i += 1) {
      const res = await http().post('/api/auth/refresh').send({ refresh_token: token });
      expect(res.status).toBe(200);
      token = res.body.refresh_token as string;
    }
    expectRateLimited(await http().post('/api/auth/refresh').send({ refresh_token: token }));
  });
});

describe('Per-address limits of public routes', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp({
      TRUST_PROXY: 'true',
      AUTH_RATE_LIMIT_IP_MAX: '8',
      AUTH_RATE_LIMIT_IP_WINDOW_SECONDS: '60',
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it('limit logins and email verifications per client address whatever the emails or tokens', async () => {
    const from = (address: string) => ({ 'X-Forwarded-For': address });
    const flooder = from('198.51.100.7');
    for (let i = 0; i < 8; i += 1) {
      const res = await request(app.getHttpServer())
        .post('/api/auth/login')
        .set(flooder)
        .send({ email: uniqueEmail(`spray${i}`), password: 'wrong guess 1' });
      expect(res.status).toBe(401);
    }
    expectRateLimited(
      await request(app.getHttpServer())
        .post('/api/auth/login')
        .set(flooder)
        .send({ email: uniqueEmail('spray-last'), password: 'wrong guess 1' }),
      60,
    );
    // Another address is not affected.
    expect(
      (
        await request(app.getHttpServer())
          .post('/api/auth/login')
          .set(from('198.51.100.8'))
          .send({ email: uniqueEmail('elsewhere'), password: 'wrong guess 1' })
      ).status,
    ).toBe(401);
    for (let i = 0; i < 8; i += 1) {
      const res = await request(app.getHttpServer())
        .post('/api/auth/verify-email')
        .set(flooder)
        .send({ token: `not-a-token-${i}` });
      expect(res.status).toBe(400);
    }
    expectRateLimited(
      await request(app.getHttpServer())
        .post('/api/auth/verify-email')
        .set(flooder)
        .send({ token: 'not-a-token-last' }),
      60,
    );
  });
});

describe('Global default limit', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp({ RATE_LIMIT_MAX: '6', RATE_LIMIT_WINDOW_SECONDS: '2' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('applies to ordinary routes but never to health', async () => {
    const user = await createUserAndLogin(app, { role: 'student' });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      statuses.push(
        (await request(app.getHttpServer()).get('/api/auth/me').set(bearer(user.accessToken)))
          .status,
      );
    }
    expect(statuses.slice(0, 5).every((s) => s === 200)).toBe(true);
    expect(statuses[6]).toBe(429);
    for (let i = 0; i < 15; i += 1) {
      expect((await request(app.getHttpServer()).get('/health/live')).status).toBe(200);
    }
  });
});

describe('Rate-limit storage', () => {
  const limits = {
    AUTH_RATE_LIMIT_ACCOUNT_MAX: '2',
    AUTH_RATE_LIMIT_ACCOUNT_WINDOW_SECONDS: '5',
    LOGIN_CLIENT_MAX_FAILURES: '2',
    LOGIN_CLIENT_WINDOW_SECONDS: '5',
  };

  async function hitUntilLimited(app: NestExpressApplication): Promise<number[]> {
    const email = uniqueEmail('store');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const started = Date.now();
      const res = await request(app.getHttpServer())
        .post('/api/auth/login')
        .send({ email, password: 'not the password' });
      expect(Date.now() - started).toBeLessThan(3000);
      statuses.push(res.status);
    }
    return statuses;
  }

  it('keeps limiting, in memory, while the Redis store is unreachable', async () => {
    const app = await createTestApp({ ...limits, REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      expect(await hitUntilLimited(app)).toEqual([401, 401, 429]);
    } finally {
      await app.close();
    }
  });

  const redisUrl = process.env.TEST_REDIS_URL;
  (redisUrl ? it : it.skip)('counts in Redis when REDIS_URL is set (TEST_REDIS_URL)', async () => {
    const first = await createTestApp({ ...limits, REDIS_URL: redisUrl! });
    const second = await createTestApp({ ...limits, REDIS_URL: redisUrl! });
    try {
      // Give the connections a moment: commands are not queued while connecting.
      await sleep(300);
      const email = uniqueEmail('shared');
      const attempt = (app: NestExpressApplication) =>
        request(app.getHttpServer()).post('/api/auth/login').send({ email, password: 'nope nope' });
      // Two instances share the counters.
      expect((await attempt(first)).status).toBe(401);
      expect((await attempt(second)).status).toBe(401);
      expectRateLimited(await attempt(first), 5);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe('Anonymous flood of password checks', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    // One hash at a time and two waiting: the rest of a burst is refused at once.
    app = await createTestApp({ ARGON2_MAX_CONCURRENCY: '1', ARGON2_MAX_QUEUE: '2' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('refuses logins and registrations beyond the hashing queue with 503 + Retry-After, never a 500, while health answers', async () => {
    const http = () => request(app.getHttpServer());
    const logins = Array.from({ length: 24 }, (_, i) =>
      http()
        .post('/api/auth/login')
        .send({ email: uniqueEmail(`flood${i}`), password: 'not the password' })
        .then((res) => res),
    );
    const registrations = Array.from({ length: 8 }, (_, i) =>
      http()
        .post('/api/auth/register')
        .send({
          email: uniqueEmail(`flood-register${i}`),
          password: `Flood-Password-${i}-xyz`,
          first_name: 'Flood',
          last_name: 'Client',
        })
        .then((res) => res),
    );
    const health = await http().get('/health/live');
    expect(health.status).toBe(200);

    const loginAnswers = await Promise.all(logins);
    const registerAnswers = await Promise.all(registrations);
    const statuses = [...loginAnswers, ...registerAnswers].map((r) => r.status);
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    expect(loginAnswers.every((r) => r.status === 401 || r.status === 503)).toBe(true);
    expect(registerAnswers.every((r) => r.status === 201 || r.status === 503)).toBe(true);
    const busy = [...loginAnswers, ...registerAnswers].filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(loginAnswers.some((r) => r.status === 401)).toBe(true);
    for (const res of busy) {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('server_busy');
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }

    // Once the burst is over, logins are checked again.
    const user = await createUserAndLogin(app, { role: 'student' });
    const again = await http()
      .post('/api/auth/login')
      .send({ email: user.user.email, password: user.password });
    expect(again.status).toBe(200);
  });
});
