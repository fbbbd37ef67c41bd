import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '../common/auth/role';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import {
  ACCESS_TOKEN_TYPE,
  AccessTokenClaims,
  asAccessTokenClaims,
} from './tokens/access-token-claims';

/** Signs and checks the short-lived JWT access tokens (HS256, iss, aud, exp, sid, typ). */
@Injectable()
export class AccessTokensService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get ttlSeconds(): number {
    return this.config.jwt.accessTtlSeconds;
  }

  sign(user: { id: string; role: Role }, sessionId: string): Promise<string> {
    const claims: AccessTokenClaims = {
      sub: user.id,
      sid: sessionId,
      typ: ACCESS_TOKEN_TYPE,
      role: user.role,
    };
    // A unique id per token: two tokens issued in the same second still differ.
    return this.jwt.signAsync(claims, { jwtid: randomUUID() });
  }

  /** The claims of a valid access token, or null (bad signature, expired, wrong type...). */
  async verify(token: string): Promise<AccessTokenClaims | null> {
    try {
      return asAccessTokenClaims(await this.jwt.verifyAsync<object>(token));
    } catch {
      return null;
    }
  }
}
