import { ApiError } from './api-error.js';
import { configureClient, MissingBaseUrlError } from './configure-client.js';
import { createClient, createConfig, type Client } from './generated/client/index.js';
import { login, logout, refresh } from './generated/sdk.gen.js';
import type { TokenPairResponseDto, UserResponseDto } from './generated/types.gen.js';

/** The tokens of a signed-in session; `expiresAt` is the access token's expiry (ms since epoch). */
export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

export interface ApiSessionOptions {
  /** Where the API is, e.g. `https://school.example.org` (no trailing `/api`). */
  baseUrl: string;
  /** Tokens of an earlier session to resume. */
  tokens?: SessionTokens;
  /** Called whenever the tokens change (login, refresh, logout), e.g. to persist them. */
  onTokensChanged?: (tokens: SessionTokens | undefined) => void;
  /** Refresh this many seconds before the access token expires (default 30). */
  refreshMarginSeconds?: number;
  /** A fetch implementation (default: the global fetch). */
  fetch?: typeof fetch;
}

/**
 * A configured client plus the session around it: pass `api.client` to any SDK function.
 * The access token is sent on every call, renewed shortly before it expires, and renewed once
 * more (then the call retried) if the server answers 401; refresh tokens rotate as the API
 * requires, with one refresh in flight at a time.
 */
export class ApiSession {
  readonly client: Client;
  private tokens: SessionTokens | undefined;
  private refreshing: Promise<void> | undefined;
  private readonly marginMs: number;
  private readonly baseFetch: typeof fetch;

  constructor(private readonly options: ApiSessionOptions) {
    if (!options.baseUrl) throw new MissingBaseUrlError();
    this.tokens = options.tokens;
    this.marginMs = (options.refreshMarginSeconds ?? 30) * 1000;
    this.baseFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.client = configureClient(
      createClient(
        createConfig({
          baseUrl: options.baseUrl.replace(/\/+$/, ''),
          fetch: (input: RequestInfo | URL, init?: RequestInit) =>
            this.fetchWithRenewal(input, init),
          auth: () => this.currentAccessToken(),
        }),
      ),
    );
  }

  /** The current tokens, if signed in. */
  get currentTokens(): SessionTokens | undefined {
    return this.tokens;
  }

  /** Signs in; returns the user. Throws ApiError (401 invalid_credentials, 403 email_not_verified). */
  async login(email: string, password: string): Promise<UserResponseDto> {
    const result = await login({
      client: this.client,
      body: { email, password },
      throwOnError: true,
    });
    this.setTokens(result.data);
    return result.data.user;
  }

  /** Renews the token pair now (normally automatic). */
  async refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Ends the session on the server and forgets the tokens. */
  async logout(): Promise<void> {
    if (!this.tokens) return;
    const result = await logout({
      client: this.client,
      body: { refresh_token: this.tokens.refreshToken },
    });
    this.tokens = undefined;
    this.options.onTokensChanged?.(undefined);
    // A session that already ended is what logging out wants.
    if (result.error instanceof ApiError && result.error.status !== 401) throw result.error;
  }

  private async doRefresh(): Promise<void> {
    const refreshToken = this.tokens?.refreshToken;
    if (!refreshToken) {
      throw new ApiError(401, { code: 'unauthenticated', detail: 'Not signed in.' });
    }
    const result = await refresh({ client: this.client, body: { refresh_token: refreshToken } });
    if (result.error !== undefined || !result.data) {
      this.tokens = undefined;
      this.options.onTokensChanged?.(undefined);
      throw result.error instanceof ApiError
        ? result.error
        : new ApiError(result.response.status, result.error);
    }
    this.setTokens(result.data);
  }

  private setTokens(pair: TokenPairResponseDto): void {
    this.tokens = {
      accessToken: pair.access_token,
      refreshToken: pair.refresh_token,
      expiresAt: Date.now() + pair.expires_in * 1000,
    };
    this.options.onTokensChanged?.(this.tokens);
  }

  private async currentAccessToken(): Promise<string | undefined> {
    if (this.tokens && Date.now() > this.tokens.expiresAt - this.marginMs) {
      await this.refresh().catch(() => undefined);
    }
    return this.tokens?.accessToken;
  }

  /** Sends the request; on a 401 with a stale token, renews once and retries. */
  private async fetchWithRenewal(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const retry = request.clone();
    const response = await this.baseFetch(request);
    const isAuthRoute = /\/api\/auth\/(login|refresh|logout)$/.test(new URL(request.url).pathname);
    const sentToken = request.headers.get('authorization')?.replace(/^Bearer /, '');
    if (response.status !== 401 || isAuthRoute || !sentToken || !this.tokens) return response;
    if (sentToken === this.tokens.accessToken) {
      try {
        await this.refresh();
      } catch {
        return response;
      }
    }
    if (!this.tokens) return response;
    retry.headers.set('authorization', `Bearer ${this.tokens.accessToken}`);
    return this.baseFetch(retry);
  }
}
