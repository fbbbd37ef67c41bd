import { createHmac } from 'node:crypto';
import type { Provider } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { RefreshTokenCodec } from '../tokens/refresh-token';

export const REFRESH_TOKEN_CODEC = Symbol('REFRESH_TOKEN_CODEC');

/** The refresh-token codec, keyed by a sub-key derived from SECRET_KEY. */
export const refreshTokenCodecProvider: Provider = {
  provide: REFRESH_TOKEN_CODEC,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) =>
    new RefreshTokenCodec(
      createHmac('sha256', config.secretKey).update('refresh-token-mac/v1').digest(),
    ),
};
