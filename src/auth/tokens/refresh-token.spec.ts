import { RefreshTokenCodec } from './refresh-token';

describe('RefreshTokenCodec', () => {
  const codec = new RefreshTokenCodec(Buffer.alloc(32, 7));
  const other = new RefreshTokenCodec(Buffer.alloc(32, 8));
  const sessionId = RefreshTokenCodec.newSessionId();

  it('issues <session_id>.<nonce>.<mac> tokens that parse, are authentic and hash stably', () => {
    const { token, hash } = codec.issue(sessionId);
    expect(token.startsWith(`${sessionId}.`)).toBe(true);
    const parsed = codec.parse(token);
    expect(parsed).toMatchObject({ sessionId });
    expect(codec.isAuthentic(parsed!)).toBe(true);
    expect(codec.hash(token)).toBe(hash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('makes a different token each time (256 random bits)', () => {
    const a = codec.issue(sessionId);
    const b = codec.issue(sessionId);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).not.toBe(b.hash);
    expect(codec.parse(a.token)!.nonce).toHaveLength(43);
  });

  it('rejects forged or altered tokens as not authentic', () => {
    const { token } = codec.issue(sessionId);
    expect(other.isAuthentic(other.parse(token)!)).toBe(false);
    const [, nonce, mac] = token.split('.');
    const moved = codec.parse(`${RefreshTokenCodec.newSessionId()}.${nonce}.${mac}`);
    expect(codec.isAuthentic(moved!)).toBe(false);
  });

  it('does not parse garbage, JWTs or oversized input', () => {
    for (const bad of [
      '',
      'abc',
      `${sessionId}.short.short`,
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXI',
      `${sessionId}.${'a'.repeat(43)}`,
      'x'.repeat(1000),
    ]) {
      expect(codec.parse(bad)).toBeNull();
    }
  });
});
