import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createUserAndLogin, uniqueEmail } from '../helpers/auth';
import { createTestApp } from '../helpers/test-app';

/**
 * Failed logins are counted per account and client (the client address as resolved through
 * the trusted proxy: X-Forwarded-For here), plus account-wide; a stranger's failures never stop
 * the owner's correct password from another client.
 */
const LIMITS = {
  TRUST_PROXY: 'true',
  LOGIN_CLIENT_MAX_FAILURES: '3',
  LOGIN_CLIENT_WINDOW_SECONDS: '600',
  LOGIN_ACCOUNT_MAX_FAILURES: '6',
  LOGIN_ACCOUNT_WINDOW_SECONDS: '600',
};

let nextClient = 1;
/** A client address of its own (TEST-NET-3) for each call. */
function newClient(): string {
  nextClient += 1;
  return `203.0.113.${nextClient}`;
}

function login(app: NestExpressApplication, client: string, email: string, password: string) {
  return request(app.getHttpServer())
    .post('/api/auth/login')
    .set('X-Forwarded-For', client)
    .send({ email, password });
}

function expectThrottled(res: request.Response, maxRetryAfter: number): void {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.code).toBe('rate_limited');
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(maxRetryAfter);
}

/** The problem body without what differs on every response. */
function problemOf(res: request.Response): Record<string, unknown> {
  const { request_id: _id, instance: _instance, ...rest } = res.body as Record<string, unknown>;
  return rest;
}

describe('No lock-out by strangers', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp(LIMITS);
  });

  afterAll(async () => {
    await app.close();
  });

  async function owner() {
    const created = await createUserAndLogin(app, { role: 'student' });
    return { email: created.user.email, password: created.password };
  }

  it("a stranger's failures throttle the stranger, not the owner on another client", async () => {
    const { email, password } = await owner();
    const stranger = newClient();
    for (let i = 0; i < 3; i += 1) {
      expect((await login(app, stranger, email, `wrong-${i}`)).status).toBe(401);
    }
    // The stranger's client is refused for this account, even with the right password.
    expectThrottled(await login(app, stranger, email, 'wrong-again'), 600);
    expectThrottled(await login(app, stranger, email, password), 600);
    // The owner, from their own client, is not.
    const res = await login(app, newClient(), email, password);
    expect(res.status).toBe(200);
    expect(typeof res.body.access_token).toBe('string');
    // The stranger's client may still try other accounts.
    expect((await login(app, stranger, uniqueEmail('other'), 'wrong')).status).toBe(401);
  });

  it('only failures count: a correct password clears that client’s failures', async () => {
    const { email, password } = await owner();
    const client = newClient();
    for (let i = 0; i < 2; i += 1) {
      expect((await login(app, client, email, `typo-${i}`)).status).toBe(401);
    }
    expect((await login(app, client, email, password)).status).toBe(200);
    for (let i = 0; i < 3; i += 1) {
      expect((await login(app, client, email, `typo-again-${i}`)).status).toBe(401);
    }
    expectThrottled(await login(app, client, email, password), 600);
  });

  it('past the account-wide limit a client in good standing still gets in with the right password; a wrong one is throttled', async () => {
    const { email, password } = await owner();
    // Six failures from two clients reach the account-wide limit.
    for (const client of [newClient(), newClient()]) {
      for (let i = 0; i < 3; i += 1) {
        expect((await login(app, client, email, `spray-${i}`)).status).toBe(401);
      }
    }
    // A client with no failure for the account (good standing) and the right password: in.
    expect((await login(app, newClient(), email, password)).status).toBe(200);
    // A client in good standing with a wrong password: counted and throttled at once.
    const guesser = newClient();
    expectThrottled(await login(app, guesser, email, 'one-more-guess'), 600);
    // That client is no longer in good standing: refused before the password is looked at.
    expectThrottled(await login(app, guesser, email, password), 600);
    // Still, every fresh client with the right password gets in.
    expect((await login(app, newClient(), email, password)).status).toBe(200);
  });

  it('answers an unknown email exactly as a known one, throttling included', async () => {
    const known = (await owner()).email;
    const unknown = uniqueEmail('nobody');
    const answers = async (email: string) => {
      const client = newClient();
      const responses: request.Response[] = [];
      for (let i = 0; i < 4; i += 1) responses.push(await login(app, client, email, `guess-${i}`));
      return responses;
    };
    const forKnown = await answers(known);
    const forUnknown = await answers(unknown);
    expect(forKnown.map((r) => r.status)).toEqual([401, 401, 401, 429]);
    expect(forUnknown.map((r) => r.status)).toEqual(forKnown.map((r) => r.status));
    for (let i = 0; i < forKnown.length; i += 1) {
      expect(problemOf(forUnknown[i])).toEqual(problemOf(forKnown[i]));
      expect(forUnknown[i].headers['retry-after']).toBe(forKnown[i].headers['retry-after']);
    }

    // Account-wide limit: an unknown email is spread-attacked and answered like a known one.
    const spray = async (email: string) => {
      for (const client of [newClient(), newClient()]) {
        for (let i = 0; i < 3; i += 1) await login(app, client, email, `spray-${i}`);
      }
      return login(app, newClient(), email, 'fresh-client-guess');
    };
    const knownSprayed = await spray((await owner()).email);
    const unknownSprayed = await spray(uniqueEmail('nobody'));
    expectThrottled(knownSprayed, 600);
    expectThrottled(unknownSprayed, 600);
    expect(problemOf(unknownSprayed)).toEqual(problemOf(knownSprayed));
  });
});

describe('Failed-login counters across instances', () => {
  it('keeps counting, in memory, while the Redis store is unreachable', async () => {
    const app = await createTestApp({ ...LIMITS, REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const email = uniqueEmail('offline');
      const client = newClient();
      for (let i = 0; i < 3; i += 1) {
        expect((await login(app, client, email, `wrong-${i}`)).status).toBe(401);
      }
      expectThrottled(await login(app, client, email, 'wrong'), 600);
      expect((await login(app, newClient(), email, 'wrong')).status).toBe(401);
    } finally {
      await app.close();
    }
  });

  const redisUrl = process.env.TEST_REDIS_URL;
  (redisUrl ? it : it.skip)('shares them between two instances through Redis', async () => {
    const first = await createTestApp({ ...LIMITS, REDIS_URL: redisUrl! });
    const second = await createTestApp({ ...LIMITS, REDIS_URL: redisUrl! });
    try {
      // Give the connections a moment: commands are not queued while connecting.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const email = uniqueEmail('shared');
      const created = await createUserAndLogin(first, { role: 'teacher', email });
      const stranger = newClient();
      expect((await login(first, stranger, email, 'wrong-1')).status).toBe(401);
      expect((await login(second, stranger, email, 'wrong-2')).status).toBe(401);
      expect((await login(first, stranger, email, 'wrong-3')).status).toBe(401);
      expectThrottled(await login(second, stranger, email, created.password), 600);
      // The owner elsewhere, on either instance.
      expect((await login(second, newClient(), email, created.password)).status).toBe(200);
      // Account-wide: three more failures from another client on the other instance.
      const other = newClient();
      for (let i = 0; i < 3; i += 1) {
        expect((await login(second, other, email, `spray-${i}`)).status).toBe(401);
      }
      expectThrottled(await login(first, newClient(), email, 'fresh-guess'), 600);
      expect((await login(first, newClient(), email, created.password)).status).toBe(200);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
