import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, join, basename } from 'node:path';

/** The secrets that are generated when the environment does not set them. */
export const GENERATED_SECRET_NAMES = ['SECRET_KEY', 'JWT_SECRET_KEY'] as const;
export type GeneratedSecretName = (typeof GENERATED_SECRET_NAMES)[number];
export type GeneratedSecrets = Record<GeneratedSecretName, string>;

/** Random bytes per generated secret (base64url: 43 characters). */
const SECRET_BYTES = 32;

/** A fresh random value for every generated secret. */
export function randomSecrets(): GeneratedSecrets {
  return {
    SECRET_KEY: randomBytes(SECRET_BYTES).toString('base64url'),
    JWT_SECRET_KEY: randomBytes(SECRET_BYTES).toString('base64url'),
  };
}

/** Why a secrets file cannot be used; the message names the file. */
export class SecretsFileError extends Error {}

function parse(path: string, text: string): GeneratedSecrets {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new SecretsFileError(`${path} is not valid JSON; delete it to generate new secrets`);
  }
  const record = (data ?? {}) as Record<string, unknown>;
  const secrets = {} as GeneratedSecrets;
  for (const name of GENERATED_SECRET_NAMES) {
    const value = record[name];
    if (typeof value !== 'string' || value.length === 0) {
      throw new SecretsFileError(`${path} has no ${name}; delete it to generate new secrets`);
    }
    secrets[name] = value;
  }
  return secrets;
}

function read(path: string): GeneratedSecrets {
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    throw new SecretsFileError(
      `${path} can be read by other users; make it private (chmod 600) or delete it`,
    );
  }
  return parse(path, readFileSync(path, 'utf8'));
}

/**
 * The secrets kept in `path` (a JSON file, mode 0600), created with random values when it does
 * not exist. Several processes starting at once agree: the file is written whole under a
 * temporary name and then linked into place, which fails rather than replace a file another
 * process linked first; the loser reads the winner's file. Nothing is ever overwritten.
 */
export function readOrCreateSecretsFile(path: string): GeneratedSecrets {
  try {
    return read(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const temporary = join(
    folder,
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(randomSecrets(), null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    chmodSync(temporary, 0o600); // whatever the umask
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return read(path);
}
