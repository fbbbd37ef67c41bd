import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { UnauthenticatedError } from '../common/errors/common.errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { SessionEndedError } from './auth.errors';
import { BoundedMemo } from './rate-limit/bounded-memo';
import { SessionsService } from './sessions/sessions.service';
import { AccessTokenClaims, asAccessTokenClaims } from './tokens/access-token-claims';

/** How many verified access tokens the strategy remembers before it starts again. */
export const VERIFIED_TOKENS_CAPACITY = 4096;

/** Access-token claims as verified: asAccessTokenClaims accepts none without an expiry. */
type VerifiedClaims = AccessTokenClaims & { readonly exp: number };

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/** Whether `exp` has passed, exactly as jsonwebtoken decides it (no clock tolerance). */
const hasExpired = (exp: number): boolean => Math.floor(Date.now() / 1000) >= exp;

/**
 * The `jwt` strategy behind the global AccessGuard: a valid HS256 access token (issuer,
 * audience, expiry, `typ: access`) of a session that is still live, of an active user. The
 * session is read from the database, or from this instance's cache of live sessions, which the
 * database's session events keep exact on every instance (see SessionsService.findLiveCaller),
 * so a revoked session stops working at once. The role comes from the database, not from the
 * token. The secret is a KeyObject made once (see
 * jwtOptions): passport-jwt hands it to jsonwebtoken, which would otherwise parse a string
 * secret again on every request.
 *
 * A token that passed passport-jwt's checks (signature, algorithm, issuer, audience, expiry)
 * and carries access-token claims is remembered, keyed by its exact text, so that the next
 * request with the same token skips the HMAC, the JSON parsing and those checks. Its expiry is
 * still checked on every use: once it has passed, the token goes through passport-jwt again,
 * which refuses it as before. Only verified tokens are remembered, and at most
 * VERIFIED_TOKENS_CAPACITY of them; the session is looked up on every request either way.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly verified = new BoundedMemo<VerifiedClaims>(VERIFIED_TOKENS_CAPACITY);

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly sessions: SessionsService,
  ) {
    const key = createSecretKey(config.jwt.secret, 'utf8');
    super({
      jwtFromRequest: bearerToken,
      // jsonwebtoken verifies with a KeyObject; passport-jwt's typings only name strings and
      // buffers, hence the cast.
      secretOrKeyProvider: (_request, _token, done) => done(null, key as unknown as Buffer),
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ignoreExpiration: false,
      // validate learns the request, hence the token it was handed the claims of.
      passReqToCallback: true,
    });
  }

  /**
   * Called by passport for every request, on an object of its own that carries the request's
   * success and error callbacks. A token verified before, and not yet expired, goes straight to
   * the session look-up; any other goes through passport-jwt.
   */
  override authenticate(request: Request, options?: unknown): void {
    const token = bearerToken(request);
    const claims = token === null ? undefined : this.verified.get(token);
    if (claims === undefined) return super.authenticate(request, options);
    if (hasExpired(claims.exp)) {
      this.verified.delete(token!);
      return super.authenticate(request, options);
    }
    this.callerOf(claims).then(
      (caller) => this.success(caller),
      (error: unknown) => this.error(error as Error),
    );
  }

  /** passport-jwt's verify callback: `payload` passed every check of the token in `request`. */
  async validate(request: Request, payload: unknown): Promise<AuthenticatedUser> {
    const claims = asAccessTokenClaims(payload);
    if (!claims) {
      throw new UnauthenticatedError(
        'A valid access token is required (Authorization: Bearer <token>).',
      );
    }
    const token = bearerToken(request);
    if (token !== null) this.verified.set(token, Object.freeze(claims as VerifiedClaims));
    return this.callerOf(claims);
  }

  private async callerOf(claims: AccessTokenClaims): Promise<AuthenticatedUser> {
    const caller = await this.sessions.findLiveCaller(claims.sub, claims.sid);
    if (!caller) throw new SessionEndedError();
    return caller;
  }
}
