/**
 * argon2id cost parameters: OWASP's minimum recommendation (19 MiB of memory, 2 iterations,
 * one lane). Stored hashes made with weaker parameters are upgraded at the next login.
 */
export const ARGON2_PARAMS = {
  memoryCost: 19 * 1024,
  timeCost: 2,
  parallelism: 1,
} as const;

/** The variant written and expected, as named in PHC strings. */
export const ARGON2_VARIANT = 'argon2id';

/** Argon2 version 1.3, the one every current implementation writes. */
export const ARGON2_VERSION = 0x13;

export interface Argon2HashParams {
  type: string;
  version: number;
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

const PHC =
  /^\$(argon2(?:id|i|d))\$(?:v=(\d+)\$)?([a-z]=\d+(?:,[a-z]=\d+)*)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

/** The parameters of a PHC-format argon2 hash (m, t, p in any order), or null. */
export function parseArgon2Hash(hash: string): Argon2HashParams | null {
  const match = PHC.exec(hash);
  if (!match) return null;
  const values = new Map<string, number>();
  for (const pair of match[3].split(',')) {
    const [key, value] = pair.split('=');
    values.set(key, Number(value));
  }
  const memoryCost = values.get('m');
  const timeCost = values.get('t');
  const parallelism = values.get('p');
  if (memoryCost === undefined || timeCost === undefined || parallelism === undefined) return null;
  return {
    type: match[1],
    version: match[2] === undefined ? 0x10 : Number(match[2]),
    memoryCost,
    timeCost,
    parallelism,
  };
}

/**
 * True when a stored hash is weaker than the current parameters (another variant, an older
 * version, less memory or fewer iterations) or not an argon2 hash at all. Stronger hashes are
 * left alone: raising the cost later must not be undone by a login.
 */
export function isHashOutdated(hash: string): boolean {
  const params = parseArgon2Hash(hash);
  if (!params) return true;
  return (
    params.type !== ARGON2_VARIANT ||
    params.version < ARGON2_VERSION ||
    params.memoryCost < ARGON2_PARAMS.memoryCost ||
    params.timeCost < ARGON2_PARAMS.timeCost
  );
}
