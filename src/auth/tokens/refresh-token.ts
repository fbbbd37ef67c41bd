import { createHmac, randomUUID } from 'node:crypto';
import { randomToken, safeEqual, sha256Hex } from './opaque-token';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PART = /^[A-Za-z0-9_-]{43}$/;

export interface ParsedRefreshToken {
  sessionId: string;
  nonce: string;
  mac: string;
}

/**
 * Opaque refresh tokens `<session_id>.<nonce>.<mac>`: the session id finds the session, the
 * 256-bit random nonce makes each token unguessable, and an HMAC under a server key proves the
 * token was issued here. Only a SHA-256 of the whole token is stored (the current one per
 * session); an authentic token whose hash no longer matches was spent, i.e. replayed.
 */
export class RefreshTokenCodec {
  constructor(private readonly macKey: Buffer) {}

  static newSessionId(): string {
    return randomUUID();
  }

  issue(sessionId: string): { token: string; hash: string } {
    const nonce = randomToken(32);
    const token = `${sessionId}.${nonce}.${this.mac(sessionId, nonce)}`;
    return { token, hash: sha256Hex(token) };
  }

  /** The parts of a well-formed token, or null (never throws on garbage input). */
  parse(token: string): ParsedRefreshToken | null {
    if (token.length > 200) return null;
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [sessionId, nonce, mac] = parts;
    if (!UUID.test(sessionId) || !PART.test(nonce) || !PART.test(mac)) return null;
    return { sessionId, nonce, mac };
  }

  /** True when the token was made by `issue` with this key (spent or not). */
  isAuthentic(parsed: ParsedRefreshToken): boolean {
    return safeEqual(parsed.mac, this.mac(parsed.sessionId, parsed.nonce));
  }

  hash(token: string): string {
    return sha256Hex(token);
  }

  private mac(sessionId: string, nonce: string): string {
    return createHmac('sha256', this.macKey).update(`${sessionId}.${nonce}`).digest('base64url');
  }
}
