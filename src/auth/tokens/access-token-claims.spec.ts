import { asAccessTokenClaims } from './access-token-claims';

describe('asAccessTokenClaims', () => {
  const valid = {
    sub: '0c9d7b7e-3f7a-4d0e-8a59-2b8f3c1d9e20',
    sid: '5b0f7f0e-6a0c-4d55-9b1e-1f0c2b8f4a11',
    typ: 'access',
    role: 'teacher',
    exp: 1_900_000_000,
  };

  it('accepts an access token payload', () => {
    expect(asAccessTokenClaims(valid)).toEqual(valid);
  });

  it('refuses other token types, missing or malformed ids, and tokens without expiry', () => {
    expect(asAccessTokenClaims({ ...valid, typ: 'refresh' })).toBeNull();
    expect(asAccessTokenClaims({ ...valid, typ: undefined })).toBeNull();
    expect(asAccessTokenClaims({ ...valid, sid: 'not-a-uuid' })).toBeNull();
    expect(asAccessTokenClaims({ ...valid, sub: 42 })).toBeNull();
    expect(asAccessTokenClaims({ ...valid, exp: undefined })).toBeNull();
    expect(asAccessTokenClaims(null)).toBeNull();
    expect(asAccessTokenClaims('token')).toBeNull();
  });
});
