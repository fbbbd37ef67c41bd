import { dirname, join } from 'node:path';
import { NodeEnv } from './app-config';
import {
  GENERATED_SECRET_NAMES,
  GeneratedSecretName,
  GeneratedSecrets,
  SecretsFileError,
  randomSecrets,
  readOrCreateSecretsFile,
} from './generated-secrets';
import { secretProblem } from './secret-problem';

/** Secrets of test processes that set none and name no SECRETS_FILE: random, one set per process. */
let processSecrets: GeneratedSecrets | undefined;

export interface SecretsInput {
  nodeEnv: NodeEnv;
  /** A production trial on the embedded server (EMBEDDED_DB_IN_PRODUCTION). */
  trial: boolean;
  embeddedPgDir: string;
  secretsFile: string | undefined;
  /** The secrets set in the environment (already checked). */
  given: Partial<GeneratedSecrets>;
}

export interface ResolvedSecrets {
  values: GeneratedSecrets;
  /** The file the missing ones came from, if any. */
  file: string | undefined;
  problems: string[];
}

/**
 * SECRET_KEY and JWT_SECRET_KEY. Unset ones are required in production with DATABASE_URL (every
 * instance must share them); in development and in a single-machine production trial on the
 * embedded server they come from the secrets file (SECRETS_FILE, default secrets.json beside
 * EMBEDDED_PG_DIR, so .data/secrets.json), generated at the first start and reused afterwards.
 * Tests without SECRETS_FILE use random secrets kept for the process.
 */
export function resolveSecrets(input: SecretsInput): ResolvedSecrets {
  const { nodeEnv, given } = input;
  const missing = GENERATED_SECRET_NAMES.filter((name) => given[name] === undefined);
  const placeholder = randomSecrets(); // only ever returned alongside a problem
  if (missing.length === 0) {
    return { values: { ...placeholder, ...given }, file: undefined, problems: [] };
  }
  if (nodeEnv === 'production' && !input.trial) {
    const problems = missing.map((name) => `${name} is required in production`);
    return { values: { ...placeholder, ...given }, file: undefined, problems };
  }
  if (nodeEnv === 'test' && input.secretsFile === undefined) {
    processSecrets ??= randomSecrets();
    return { values: { ...processSecrets, ...given }, file: undefined, problems: [] };
  }
  const file = input.secretsFile ?? join(dirname(input.embeddedPgDir), 'secrets.json');
  let stored: GeneratedSecrets;
  try {
    stored = readOrCreateSecretsFile(file);
  } catch (error) {
    const reason = error instanceof SecretsFileError ? error.message : String(error);
    const problems = [`SECRETS_FILE (generated secrets): ${reason}`];
    return { values: { ...placeholder, ...given }, file, problems };
  }
  return { values: { ...stored, ...given }, file, problems: storedProblems(missing, stored, file) };
}

function storedProblems(
  names: readonly GeneratedSecretName[],
  stored: GeneratedSecrets,
  file: string,
): string[] {
  return names.flatMap((name) => {
    const problem = secretProblem(stored[name]);
    return problem ? [`${name} in ${file} ${problem}`] : [];
  });
}
