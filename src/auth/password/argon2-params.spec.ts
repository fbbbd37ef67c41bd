import * as argon2 from 'argon2';
import { ARGON2_PARAMS, isHashOutdated, parseArgon2Hash } from './argon2-params';

describe('argon2 parameters', () => {
  it('are at least OWASP’s minimum for argon2id', () => {
    expect(ARGON2_PARAMS.memoryCost).toBeGreaterThanOrEqual(19 * 1024);
    expect(ARGON2_PARAMS.timeCost).toBeGreaterThanOrEqual(2);
    expect(ARGON2_PARAMS.parallelism).toBe(1);
  });

  it('parses PHC strings', () => {
    expect(parseArgon2Hash('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g')).toEqual({
      type: 'argon2id',
      version: 19,
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
    });
    expect(parseArgon2Hash('$argon2id$v=19$m=19456,p=1,t=2$c2FsdHNhbHQ$aGFzaGhhc2g')).toMatchObject(
      {
        memoryCost: 19456,
        timeCost: 2,
        parallelism: 1,
      },
    );
    expect(parseArgon2Hash('$argon2id$v=19$m=19456,t=2$c2FsdHNhbHQ$aGFzaGhhc2g')).toBeNull();
    expect(parseArgon2Hash('$2b$12$abcdefghijklmnopqrstuv')).toBeNull();
    expect(parseArgon2Hash('')).toBeNull();
  });

  it('marks weaker or foreign hashes outdated and leaves current or stronger ones alone', () => {
    const hash = (m: number, t: number, type = 'argon2id', v = 19) =>
      `$${type}$v=${v}$m=${m},t=${t},p=1$c2FsdHNhbHQ$aGFzaGhhc2g`;
    expect(isHashOutdated(hash(19456, 2))).toBe(false);
    expect(isHashOutdated(hash(65536, 3))).toBe(false);
    expect(isHashOutdated(hash(4096, 3))).toBe(true);
    expect(isHashOutdated(hash(19456, 1))).toBe(true);
    expect(isHashOutdated(hash(19456, 2, 'argon2i'))).toBe(true);
    expect(isHashOutdated(hash(19456, 2, 'argon2id', 16))).toBe(true);
    expect(isHashOutdated('$2b$12$abcdefghijklmnopqrstuv')).toBe(true);
  });

  it('matches what the argon2 library writes with these parameters', async () => {
    const written = await argon2.hash('a password', { ...ARGON2_PARAMS, type: argon2.argon2id });
    expect(parseArgon2Hash(written)).toMatchObject({ type: 'argon2id', version: 19 });
    expect(isHashOutdated(written)).toBe(false);
    const weak = await argon2.hash('a password', { memoryCost: 1024, timeCost: 1, parallelism: 1 });
    expect(isHashOutdated(weak)).toBe(true);
  });
});
