import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { UnauthenticatedError } from '../common/errors/common.errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { SessionEndedError } from './auth.errors';
import { SessionsService } from './sessions/sessions.service';
import { asAccessTokenClaims } from './tokens/access-token-claims';

/**
 * The `jwt` strategy behind the global AccessGuard: a valid HS256 access token (issuer,
 * audience, expiry, `typ: access`) of a session that is still live, of an active user. The
 * session is read from the database, or from this instance's cache of live sessions, which the
 * database's session events keep exact on every instance (see SessionsService.findLiveCaller),
 * so a revoked session stops working at once. The role comes from the database, not from the
 * token. The secret is a KeyObject made once (see
 * jwtOptions): passport-jwt hands it to jsonwebtoken, which would otherwise parse a string
 * secret again on every request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly sessions: SessionsService,
  ) {
    const key = createSecretKey(config.jwt.secret, 'utf8');
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // jsonwebtoken verifies with a KeyObject; passport-jwt's typings only name strings and
      // buffers, hence the cast.
      secretOrKeyProvider: (_request, _token, done) => done(null, key as unknown as Buffer),
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ignoreExpiration: false,
    });
  }

  async validate(payload: unknown): Promise<AuthenticatedUser> {
    const claims = asAccessTokenClaims(payload);
    if (!claims) {
      throw new UnauthenticatedError(
        'A valid access token is required (Authorization: Bearer <token>).',
      );
    }
    const caller = await this.sessions.findLiveCaller(claims.sub, claims.sid);
    if (!caller) throw new SessionEndedError();
    return caller;
  }
}
