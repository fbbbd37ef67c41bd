import { configureClient } from './configure-client.js';
import { client } from './generated/client.gen.js';

// The default client (used when a call passes no `client`) behaves like a session's.
configureClient(client);

export * from './generated/index.js';
export { client } from './generated/client.gen.js';
export { createClient, createConfig } from './generated/client/index.js';
export { ApiError, type Problem } from './api-error.js';
export { isApiError, type ApiErrorOf } from './api-error-of.js';
export { configureClient, MissingBaseUrlError } from './configure-client.js';
export { ApiSession } from './session.js';
export type { ApiSessionOptions, SessionTokens } from './session.js';
