import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import jsonwebtoken from 'jsonwebtoken';
import passport from 'passport';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import type { AppConfig } from '../config/app-config';
import { SessionEndedError } from './auth.errors';
import { jwtOptions } from './jwt-options';
import { JwtStrategy, VERIFIED_TOKENS_CAPACITY } from './jwt.strategy';
import type { SessionsService } from './sessions/sessions.service';

const config = {
  jwt: {
    secret: 'strategy-spec-secret-0123456789-abcdefghij',
    issuer: 'issuer-a',
    audience: 'audience-a',
    accessTtlSeconds: 60,
  },
} as AppConfig;

/** What passport handed the route's callback for one request. */
interface Outcome {
  err: unknown;
  user: AuthenticatedUser | false;
  info: unknown;
}

/** One request with `token` through passport's `jwt` strategy, as AuthGuard runs it. */
function authenticate(token: string): Promise<Outcome> {
  const request = { headers: { authorization: `Bearer ${token}` } };
  return new Promise((resolve, reject) =>
    passport.authenticate(
      'jwt',
      { session: false },
      (err: unknown, user: AuthenticatedUser | false, info: unknown) =>
        resolve({ err, user, info }),
    )(request, {}, reject),
  );
}

describe('JwtStrategy', () => {
  const signer = new JwtService(jwtOptions(config));
  /** Live sessions by session id; findLiveCaller answers from it on every call. */
  let live: Map<string, AuthenticatedUser>;
  let lookups: string[];
  let verify: jest.SpyInstance;

  async function tokenOf(user: AuthenticatedUser, secret?: string): Promise<string> {
    const claims = { sub: user.id, sid: user.sessionId, typ: 'access', role: user.role };
    return secret === undefined
      ? signer.signAsync(claims)
      : new JwtService({ ...jwtOptions(config), secret }).signAsync(claims);
  }

  function liveUser(): AuthenticatedUser {
    const user: AuthenticatedUser = {
      id: randomUUID(),
      email: 'teacher@school.edu',
      role: 'teacher',
      sessionId: randomUUID(),
    };
    live.set(user.sessionId, user);
    return user;
  }

  beforeEach(() => {
    live = new Map();
    lookups = [];
    const sessions = {
      findLiveCaller: (userId: string, sessionId: string) => {
        lookups.push(sessionId);
        const user = live.get(sessionId);
        return Promise.resolve(user?.id === userId ? user : null);
      },
    } as unknown as SessionsService;
    // Registers itself with passport as `jwt`, as in the app.
    new JwtStrategy(config, sessions);
    verify = jest.spyOn(jsonwebtoken, 'verify');
  });

  afterEach(() => jest.restoreAllMocks());

  it('verifies a token once, and still looks its session up on every request', async () => {
    const user = liveUser();
    const token = await tokenOf(user);
    for (let i = 0; i < 3; i++) {
      expect(await authenticate(token)).toEqual({ err: null, user, info: undefined });
    }
    expect(verify).toHaveBeenCalledTimes(1);
    expect(lookups).toEqual([user.sessionId, user.sessionId, user.sessionId]);
  });

  it('refuses a remembered token the moment its session ends', async () => {
    const user = liveUser();
    const token = await tokenOf(user);
    expect((await authenticate(token)).user).toEqual(user);
    live.delete(user.sessionId);
    const after = await authenticate(token);
    expect(after.err).toBeInstanceOf(SessionEndedError);
    expect(after.user).toBeFalsy();
  });

  it('refuses a remembered token once it has expired, as jsonwebtoken would', async () => {
    const user = liveUser();
    const issuedAt = Date.now();
    const token = await tokenOf(user);
    const exp = (jsonwebtoken.decode(token) as { exp: number }).exp;
    expect(exp).toBe(Math.floor(issuedAt / 1000) + config.jwt.accessTtlSeconds);
    const now = jest.spyOn(Date, 'now');

    now.mockReturnValue(exp * 1000 - 1);
    expect((await authenticate(token)).user).toEqual(user);
    expect((await authenticate(token)).user).toEqual(user);
    expect(verify).toHaveBeenCalledTimes(1);

    now.mockReturnValue(exp * 1000);
    const expired = await authenticate(token);
    expect(expired.user).toBe(false);
    expect(expired.info).toBeInstanceOf(jsonwebtoken.TokenExpiredError);
    // Once expired, it is verified (and refused) on every request again.
    expect((await authenticate(token)).info).toBeInstanceOf(jsonwebtoken.TokenExpiredError);
    expect(verify).toHaveBeenCalledTimes(3);
  });

  it('never remembers a token with a bad signature', async () => {
    const user = liveUser();
    const token = await tokenOf(user);
    const [header, payload, signature] = token.split('.');
    const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
    const tampered = [header, payload, flipped].join('.');
    const foreign = await tokenOf(user, 'another-secret-0123456789-abcdefghijklmn');
    for (const bad of [tampered, tampered, foreign, foreign]) {
      const outcome = await authenticate(bad);
      expect(outcome.user).toBe(false);
      expect(outcome.info).toBeInstanceOf(jsonwebtoken.JsonWebTokenError);
    }
    expect(verify).toHaveBeenCalledTimes(4);
    expect(lookups).toEqual([]);
    // The genuine token still works after its tampered copies were refused.
    expect((await authenticate(token)).user).toEqual(user);
  });

  it('keeps every token to its own claims', async () => {
    const first = liveUser();
    const second = liveUser();
    const firstToken = await tokenOf(first);
    const secondToken = await tokenOf(second);
    for (let i = 0; i < 2; i++) {
      expect((await authenticate(firstToken)).user).toEqual(first);
      expect((await authenticate(secondToken)).user).toEqual(second);
    }
    expect(lookups).toEqual([first.sessionId, second.sessionId, first.sessionId, second.sessionId]);
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it(`remembers at most ${VERIFIED_TOKENS_CAPACITY} tokens`, async () => {
    const user = liveUser();
    const tokens = await Promise.all(
      Array.from({ length: VERIFIED_TOKENS_CAPACITY + 1 }, (_, i) =>
        signer.signAsync({
          sub: user.id,
          sid: user.sessionId,
          typ: 'access',
          role: 'teacher',
          n: i,
        }),
      ),
    );
    for (const token of tokens.slice(0, VERIFIED_TOKENS_CAPACITY)) await authenticate(token);
    // All remembered so far: none verified again.
    await authenticate(tokens[0]);
    expect(verify).toHaveBeenCalledTimes(VERIFIED_TOKENS_CAPACITY);
    // One more, and the memory starts again: the first token is verified anew.
    await authenticate(tokens[VERIFIED_TOKENS_CAPACITY]);
    expect((await authenticate(tokens[0])).user).toEqual(user);
    expect(verify).toHaveBeenCalledTimes(VERIFIED_TOKENS_CAPACITY + 2);
  });
});
