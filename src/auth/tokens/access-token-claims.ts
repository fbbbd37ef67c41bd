import type { Role } from '../../common/auth/role';

/** The `typ` claim of access tokens: refresh tokens are opaque and never carry it. */
export const ACCESS_TOKEN_TYPE = 'access';

/** What an access token says (besides iss, aud, iat and exp, which the JWT library checks). */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  typ: typeof ACCESS_TOKEN_TYPE;
  role: Role;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Narrows a verified JWT payload to access-token claims; null for anything else. */
export function asAccessTokenClaims(payload: unknown): AccessTokenClaims | null {
  if (payload === null || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  if (p.typ !== ACCESS_TOKEN_TYPE) return null;
  if (typeof p.sub !== 'string' || !UUID.test(p.sub)) return null;
  if (typeof p.sid !== 'string' || !UUID.test(p.sid)) return null;
  if (typeof p.role !== 'string') return null;
  // Every access token is signed with an expiry; one without is not ours to accept.
  if (typeof p.exp !== 'number') return null;
  return p as unknown as AccessTokenClaims;
}
