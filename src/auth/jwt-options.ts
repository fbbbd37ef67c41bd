import { createSecretKey } from 'node:crypto';
import type { JwtModuleOptions } from '@nestjs/jwt';
import type { AppConfig } from '../config/app-config';

/**
 * One algorithm (HS256), the issuer and the audience, for signing and for every check. The
 * secret is held as a KeyObject made once: given a string, jsonwebtoken first tries to parse it
 * as a PEM key on every call (about 0.4 ms per token). The key holds the secret's UTF-8 bytes,
 * exactly what jsonwebtoken signs a string secret with, so tokens signed either way stay valid.
 */
export function jwtOptions(config: AppConfig): JwtModuleOptions {
  return {
    secret: createSecretKey(config.jwt.secret, 'utf8'),
    signOptions: {
      algorithm: 'HS256',
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      expiresIn: config.jwt.accessTtlSeconds,
    },
    verifyOptions: {
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
    },
  };
}
