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
    });
  });

  afterAll(async () => {
    await app.close();
  });

  it('limits logins per account with 429 + Retry-After, and recovers when the window ends', async () => {
    const user = await createUserAndLogin(app, { role: 'student' });
    await sleep(2100); // the helper's own login counted too
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
    for (let i = 0; i < 8; i += 1) {
      const res = await http()
        .post('/api/auth/forgot-password')
        .send({ email: uniqueEmail(`ip${i}`) });
      expect(res.status).toBe(202);
    }
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
