import { PUBLISHED_SECRETS } from './published-secrets';

/** Shortest secret accepted, in bytes (UTF-8). */
export const MIN_SECRET_BYTES = 32;

/**
 * What is wrong with a secret's value (the message follows the variable's name), or undefined
 * when it may sign.
 */
export function secretProblem(value: string): string | undefined {
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes < MIN_SECRET_BYTES) {
    return `must be at least ${MIN_SECRET_BYTES} bytes long (got ${bytes})`;
  }
  if (PUBLISHED_SECRETS.includes(value)) {
    return 'is a value published in the repository, so anyone could sign with it; set a random one (e.g. openssl rand -base64 48)';
  }
  if (new Set(value).size < 8) {
    return 'has too few different characters to be a secret; set a random one (e.g. openssl rand -base64 48)';
  }
  return undefined;
}
