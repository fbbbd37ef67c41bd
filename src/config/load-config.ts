import { z } from 'zod';
import { AppConfig, NodeEnv } from './app-config';
import { appConfigFromEnv } from './app-config-from-env';
import { InvalidConfigError } from './config.errors';
import { EnvValues, NODE_ENV_SCHEMA, envSchema } from './env-schema';
import { GeneratedSecrets } from './generated-secrets';
import { resolveSecrets } from './resolve-secrets';

type Env = Record<string, string | undefined>;

/** One line per zod issue, naming the variable first (`PORT must be an integer ...`). */
function problemsOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${String(issue.path[0] ?? '')} ${issue.message}`.trim());
}

/** Rules between variables, checked once each variable is valid on its own. */
function crossChecks(nodeEnv: NodeEnv, env: EnvValues, trial: boolean): string[] {
  const production = nodeEnv === 'production';
  const problems: string[] = [];
  if (env.DATABASE_URL === undefined && production && !trial) {
    problems.push('DATABASE_URL is required in production');
  }
  if (production && !env.MAIL_SERVER) problems.push('MAIL_SERVER is required in production');
  if (env.JWT_REFRESH_ABSOLUTE_TTL < env.JWT_REFRESH_IDLE_TTL) {
    problems.push('JWT_REFRESH_ABSOLUTE_TTL must not be shorter than JWT_REFRESH_IDLE_TTL');
  }
  if (env.RISK_MEDIUM_BELOW < env.RISK_HIGH_BELOW) {
    problems.push('RISK_MEDIUM_BELOW must be >= RISK_HIGH_BELOW');
  }
  if (production && env.CORS_ORIGINS.includes('*')) {
    problems.push('CORS_ORIGINS must not be * in production');
  }
  return problems;
}

/** The secrets set in the environment, without the unset ones. */
function givenSecrets(values: EnvValues): Partial<GeneratedSecrets> {
  const given: Partial<GeneratedSecrets> = {};
  if (values.SECRET_KEY !== undefined) given.SECRET_KEY = values.SECRET_KEY;
  if (values.JWT_SECRET_KEY !== undefined) given.JWT_SECRET_KEY = values.JWT_SECRET_KEY;
  return given;
}

/**
 * Reads and validates the environment once, through the zod schema of `envSchema`. Every
 * malformed variable is reported at once, then the rules between variables and the secrets;
 * any problem stops the boot (see main.ts) with a message naming the variable.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnvResult = NODE_ENV_SCHEMA.safeParse(env.NODE_ENV);
  const nodeEnv: NodeEnv = nodeEnvResult.success ? nodeEnvResult.data : 'development';
  const problems = nodeEnvResult.success
    ? []
    : nodeEnvResult.error.issues.map((issue) => `NODE_ENV ${issue.message}`);
  const parsed = envSchema(nodeEnv).safeParse(env);
  if (!parsed.success) throw new InvalidConfigError([...problems, ...problemsOf(parsed.error)]);
  const values = parsed.data;
  // A single-machine production trial on the embedded server (EMBEDDED_DB_IN_PRODUCTION).
  const trial =
    nodeEnv === 'production' &&
    values.DATABASE_URL === undefined &&
    values.EMBEDDED_DB_IN_PRODUCTION;
  problems.push(...crossChecks(nodeEnv, values, trial));
  const secrets = resolveSecrets({
    nodeEnv,
    trial,
    embeddedPgDir: values.EMBEDDED_PG_DIR,
    secretsFile: values.SECRETS_FILE,
    given: givenSecrets(values),
  });
  problems.push(...secrets.problems);
  if (problems.length > 0) throw new InvalidConfigError(problems);
  return appConfigFromEnv(nodeEnv, values, secrets);
}
