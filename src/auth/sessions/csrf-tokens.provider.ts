import { createHmac } from 'node:crypto';
import type { Provider } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { CsrfTokens } from '../tokens/csrf';

/** The CSRF token signer, keyed by its own sub-key derived from SECRET_KEY. */
export const csrfTokensProvider: Provider = {
  provide: CsrfTokens,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) =>
    new CsrfTokens(createHmac('sha256', config.secretKey).update('csrf-token-mac/v1').digest()),
};
