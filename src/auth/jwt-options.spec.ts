import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '../config/app-config';
import { jwtOptions } from './jwt-options';

function configWith(secret: string): AppConfig {
  return {
    jwt: { secret, issuer: 'issuer-a', audience: 'audience-a', accessTtlSeconds: 900 },
  } as AppConfig;
}

/** The options as they were before the secret became a KeyObject: the secret as a string. */
function stringSecretService(config: AppConfig): JwtService {
  return new JwtService({ ...jwtOptions(config), secret: config.jwt.secret });
}

describe('jwtOptions', () => {
  const claims = { sub: 'user-1', sid: 'session-1', typ: 'access', role: 'teacher' };

  it.each([
    ['an ASCII secret', 'Zq3-fK9_pL2mN8xR4tV7wY1aB5cD6eG0hJ-sT2uW'],
    ['a secret with non-ASCII characters', 'clé-secrète-très-longue-pour-signer-😀-0123456789'],
  ])(
    'verifies tokens signed with the string secret, and the other way round (%s)',
    async (_, secret) => {
      const config = configWith(secret);
      const withKey = new JwtService(jwtOptions(config));
      const withString = stringSecretService(config);

      const before = await withString.signAsync(claims);
      expect(await withKey.verifyAsync(before)).toMatchObject(claims);
      const after = await withKey.signAsync(claims);
      expect(await withString.verifyAsync(after)).toMatchObject(claims);
    },
  );

  it('refuses a token signed with another secret', async () => {
    const withKey = new JwtService(jwtOptions(configWith('a'.repeat(16) + 'first-secret-0123')));
    const other = stringSecretService(configWith('b'.repeat(16) + 'other-secret-0123'));
    await expect(withKey.verifyAsync(await other.signAsync(claims))).rejects.toThrow(
      'invalid signature',
    );
  });
});
