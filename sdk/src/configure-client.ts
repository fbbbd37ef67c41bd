import { ApiError } from './api-error.js';
import type { Client } from './generated/client/index.js';

const NO_BASE_URL =
  'The SDK has no base URL: pass `client: api.client` of a `new ApiSession({ baseUrl })`, ' +
  "or configure the default client once with `client.setConfig({ baseUrl: 'https://…' })`.";

/** Thrown before any request when no base URL is configured outside a browser page. */
export class MissingBaseUrlError extends Error {
  override readonly name = 'MissingBaseUrlError';
  constructor() {
    super(NO_BASE_URL);
  }
}

/**
 * What every client of the SDK does: an error answer becomes an `ApiError` (thrown with
 * `throwOnError`, else returned as `error`), and a call without a base URL fails with a clear
 * message (a browser page may call its own origin with relative URLs).
 */
export function configureClient(client: Client): Client {
  client.interceptors.error.use((error, response) => {
    if (!response) return error;
    return new ApiError(response.status, error, response.headers.get('x-request-id') ?? undefined);
  });
  client.setConfig({
    requestValidator: async (options) => {
      const baseUrl = (options as { baseUrl?: string }).baseUrl;
      if (!baseUrl && typeof globalThis.location === 'undefined') throw new MissingBaseUrlError();
    },
  });
  return client;
}
