import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { AppConfig, NodeEnv } from './app-config';
import { InvalidConfigError } from './config.errors';
import {
  GENERATED_SECRET_NAMES,
  GeneratedSecretName,
  GeneratedSecrets,
  SecretsFileError,
  randomSecrets,
  readOrCreateSecretsFile,
} from './generated-secrets';
import { PUBLISHED_SECRETS } from './published-secrets';

/** Shortest secret accepted, in bytes (UTF-8). */
export const MIN_SECRET_BYTES = 32;

/** Secrets of test processes that set none and name no SECRETS_FILE: random, one set per process. */
let processSecrets: GeneratedSecrets | undefined;

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      this.problems.push(`${name} must be an integer between ${min} and ${max} (got "${value}")`);
      return fallback;
    }
    return Number(value);
  }

  number(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) {
      this.problems.push(`${name} must be a number between ${min} and ${max} (got "${value}")`);
      return fallback;
    }
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(value)) return true;
    if (['false', '0', 'no', 'off'].includes(value)) return false;
    this.problems.push(`${name} must be true or false (got "${value}")`);
    return fallback;
  }

  url(name: string, protocols: string[]): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) {
        this.problems.push(`${name} must use ${protocols.join(' or ')} (got "${parsed.protocol}")`);
        return undefined;
      }
      return value;
    } catch {
      this.problems.push(`${name} is not a valid URL`);
      return undefined;
    }
  }
}

function parseTrustProxy(value: string | undefined, reader: Reader): boolean | number | string {
  if (value === undefined) return false;
  const lower = value.toLowerCase();
  if (lower === 'false' || lower === '0') return false;
  if (lower === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  if (/^[0-9a-fA-F.:/,\s]+$/.test(value) || /^(loopback|linklocal|uniquelocal)(,|$)/.test(lower)) {
    return value;
  }
  reader.problems.push(
    'TRUST_PROXY must be false, true, a hop count, or a comma-separated list of proxy addresses',
  );
  return false;
}

/** The problem with a secret's value, or undefined when it may sign. */
export function secretProblem(name: string, value: string, origin = ''): string | undefined {
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes < MIN_SECRET_BYTES) {
    return `${name}${origin} must be at least ${MIN_SECRET_BYTES} bytes long (got ${bytes})`;
  }
  if (PUBLISHED_SECRETS.includes(value)) {
    return `${name}${origin} is a value published in the repository, so anyone could sign with it; set a random one (e.g. openssl rand -base64 48)`;
  }
  if (new Set(value).size < 8) {
    return `${name}${origin} has too few different characters to be a secret; set a random one (e.g. openssl rand -base64 48)`;
  }
  return undefined;
}

/**
 * SECRET_KEY and JWT_SECRET_KEY. Set ones are checked (long enough, not published in the
 * repository). Unset ones are required in production with DATABASE_URL (every instance must
 * share them); in development and in a single-machine production trial on the embedded server
 * they come from the secrets file (SECRETS_FILE, default secrets.json beside EMBEDDED_PG_DIR,
 * so .data/secrets.json), generated at the first start and reused afterwards. Tests without
 * SECRETS_FILE use random secrets kept for the process.
 */
function resolveSecrets(
  r: Reader,
  nodeEnv: NodeEnv,
  trial: boolean,
  embeddedPgDir: string,
): { values: GeneratedSecrets; file: string | undefined } {
  const production = nodeEnv === 'production';
  const given: Partial<GeneratedSecrets> = {};
  const missing: GeneratedSecretName[] = [];
  for (const name of GENERATED_SECRET_NAMES) {
    const value = r.raw(name);
    if (value === undefined) {
      missing.push(name);
      continue;
    }
    given[name] = value;
    const problem = secretProblem(name, value);
    if (problem) r.problems.push(problem);
  }
  const placeholder = randomSecrets(); // only ever returned alongside a problem
  if (missing.length === 0) return { values: { ...placeholder, ...given }, file: undefined };
  if (production && !trial) {
    for (const name of missing) r.problems.push(`${name} is required in production`);
    return { values: { ...placeholder, ...given }, file: undefined };
  }
  const fileSetting = r.raw('SECRETS_FILE');
  if (nodeEnv === 'test' && fileSetting === undefined) {
    processSecrets ??= randomSecrets();
    return { values: { ...processSecrets, ...given }, file: undefined };
  }
  const file = fileSetting ?? join(dirname(embeddedPgDir), 'secrets.json');
  let stored: GeneratedSecrets;
  try {
    stored = readOrCreateSecretsFile(file);
  } catch (error) {
    const reason = error instanceof SecretsFileError ? error.message : String(error);
    r.problems.push(`SECRETS_FILE (generated secrets): ${reason}`);
    return { values: { ...placeholder, ...given }, file };
  }
  for (const name of missing) {
    const problem = secretProblem(name, stored[name], ` in ${file}`);
    if (problem) r.problems.push(problem);
  }
  return { values: { ...stored, ...given }, file };
}

/**
 * Reads and validates the environment once. Every problem is collected so the operator sees
 * them all at once; any problem stops the boot (see main.ts) with a message naming the variable.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const r = new Reader(env);
  const nodeEnvRaw = r.string('NODE_ENV', 'development');
  let nodeEnv: NodeEnv = 'development';
  if (nodeEnvRaw === 'development' || nodeEnvRaw === 'test' || nodeEnvRaw === 'production') {
    nodeEnv = nodeEnvRaw;
  } else {
    r.problems.push(`NODE_ENV must be development, test or production (got "${nodeEnvRaw}")`);
  }
  const production = nodeEnv === 'production';

  const databaseUrl = r.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  // A single-machine production trial on the embedded server (EMBEDDED_DB_IN_PRODUCTION).
  const embeddedTrial =
    production && r.raw('DATABASE_URL') === undefined && r.bool('EMBEDDED_DB_IN_PRODUCTION', false);
  if (r.raw('DATABASE_URL') === undefined && production && !embeddedTrial) {
    r.problems.push('DATABASE_URL is required in production');
  }
  const embeddedPgDir = r.string('EMBEDDED_PG_DIR', '.data/postgres');
  const secrets = resolveSecrets(r, nodeEnv, embeddedTrial, embeddedPgDir);
  const port = r.int('PORT', 3000, 0, 65535);
  const appUrl = r.url('APP_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const mailHost = r.raw('MAIL_SERVER');
  if (production && !mailHost) r.problems.push('MAIL_SERVER is required in production');

  const accessTtl = r.int('JWT_ACCESS_TOKEN_TTL', 900, 60, 900);
  const refreshIdle = r.int('JWT_REFRESH_IDLE_TTL', 7 * 24 * 3600, 300, 90 * 24 * 3600);
  const refreshAbsolute = r.int('JWT_REFRESH_ABSOLUTE_TTL', 30 * 24 * 3600, 300, 365 * 24 * 3600);
  if (refreshAbsolute < refreshIdle) {
    r.problems.push('JWT_REFRESH_ABSOLUTE_TTL must not be shorter than JWT_REFRESH_IDLE_TTL');
  }
  const riskHigh = r.number('RISK_HIGH_BELOW', 60, 0, 100);
  const riskMedium = r.number('RISK_MEDIUM_BELOW', 65, 0, 100);
  if (riskMedium < riskHigh) r.problems.push('RISK_MEDIUM_BELOW must be >= RISK_HIGH_BELOW');

  const bodyLimit = r.string('BODY_LIMIT', '1mb');
  if (!/^\d+(b|kb|mb)$/i.test(bodyLimit)) r.problems.push('BODY_LIMIT must look like 100kb or 1mb');
  const logLevel = r.string('LOG_LEVEL', nodeEnv === 'test' ? 'silent' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    r.problems.push('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
  }

  const config: AppConfig = {
    nodeEnv,
    port,
    databaseUrl,
    embeddedPgDir,
    secretKey: secrets.values.SECRET_KEY,
    secretsFile: secrets.file,
    jwt: {
      secret: secrets.values.JWT_SECRET_KEY,
      issuer: r.string('JWT_ISSUER', 'student-performance-api'),
      audience: r.string('JWT_AUDIENCE', 'student-performance-clients'),
      accessTtlSeconds: accessTtl,
      refreshIdleTtlSeconds: refreshIdle,
      refreshAbsoluteTtlSeconds: refreshAbsolute,
    },
    mail: {
      host: mailHost,
      port: r.int('MAIL_PORT', 587, 1, 65535),
      useTls: r.bool('MAIL_USE_TLS', false),
      username: r.raw('MAIL_USERNAME'),
      password: r.raw('MAIL_PASSWORD'),
      from: r.string('MAIL_FROM', 'Student Performance <no-reply@localhost>'),
    },
    redisUrl: r.url('REDIS_URL', ['redis:', 'rediss:']),
    appUrl: appUrl.replace(/\/+$/, ''),
    passwordResetUrl: r.url('PASSWORD_RESET_URL', ['http:', 'https:']),
    seedDemo: r.bool('SEED_DEMO', !production),
    corsOrigins: (r.raw('CORS_ORIGINS') ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o.length > 0),
    trustProxy: parseTrustProxy(r.raw('TRUST_PROXY'), r),
    bodyLimit,
    http: { requireIfMatch: r.bool('REQUIRE_IF_MATCH', false) },
    logLevel,
    import: {
      maxBytes: r.int('IMPORT_MAX_BYTES', 50 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024),
      maxRows: r.int('IMPORT_MAX_ROWS', 500_000, 1, 10_000_000),
      maxFieldLength: r.int('IMPORT_MAX_FIELD_LENGTH', 256, 16, 100_000),
    },
    modelDir: r.string('MODEL_DIR', 'ml-models'),
    riskThresholds: { high: riskHigh, medium: riskMedium },
    modelRefreshSeconds: r.int('MODEL_REFRESH_SECONDS', 5, 0, 3600),
    modelMinTrainingRows: r.int('MODEL_MIN_TRAINING_ROWS', 100, 50, 10_000_000),
    // One core fewer than the machine has (at least one), so hashing never takes them all.
    argon2MaxConcurrency: r.int(
      'ARGON2_MAX_CONCURRENCY',
      Math.min(4, Math.max(1, availableParallelism() - 1)),
      1,
      64,
    ),
    argon2MaxQueue: r.int('ARGON2_MAX_QUEUE', 16, 0, 100_000),
    rateLimits: {
      // Tests share one client address; they lower these explicitly where limits are tested.
      windowSeconds: r.int('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
      max: r.int('RATE_LIMIT_MAX', nodeEnv === 'test' ? 100_000 : 600, 1, 1_000_000),
      authIpWindowSeconds: r.int('AUTH_RATE_LIMIT_IP_WINDOW_SECONDS', 60, 1, 86_400),
      authIpMax: r.int('AUTH_RATE_LIMIT_IP_MAX', nodeEnv === 'test' ? 100_000 : 30, 1, 1_000_000),
      authAccountWindowSeconds: r.int('AUTH_RATE_LIMIT_ACCOUNT_WINDOW_SECONDS', 900, 1, 86_400),
      authAccountMax: r.int(
        'AUTH_RATE_LIMIT_ACCOUNT_MAX',
        nodeEnv === 'test' ? 100_000 : 10,
        1,
        1_000_000,
      ),
      loginClientFailures: r.int(
        'LOGIN_CLIENT_MAX_FAILURES',
        nodeEnv === 'test' ? 100_000 : 10,
        1,
        1_000_000,
      ),
      loginClientWindowSeconds: r.int('LOGIN_CLIENT_WINDOW_SECONDS', 900, 1, 86_400),
      loginAccountFailures: r.int(
        'LOGIN_ACCOUNT_MAX_FAILURES',
        nodeEnv === 'test' ? 100_000 : 50,
        1,
        1_000_000,
      ),
      loginAccountWindowSeconds: r.int('LOGIN_ACCOUNT_WINDOW_SECONDS', 3600, 1, 86_400),
    },
    database: {
      poolMax: r.int('DB_POOL_MAX', 10, 2, 1000),
      heavyPoolMax: r.int('DB_HEAVY_POOL_MAX', 4, 1, 1000),
      connectTimeoutMs: r.int('DB_CONNECT_TIMEOUT_MS', 5000, 100, 600_000),
      statementTimeoutMs: r.int('DB_STATEMENT_TIMEOUT_MS', 15_000, 0, 3_600_000),
      heavyStatementTimeoutMs: r.int('DB_HEAVY_STATEMENT_TIMEOUT_MS', 300_000, 0, 86_400_000),
      idleInTransactionTimeoutMs: r.int('DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60_000, 0, 86_400_000),
      unavailableRetryAfterSeconds: r.int('DB_UNAVAILABLE_RETRY_AFTER_SECONDS', 5, 1, 3600),
    },
    heavyWork: {
      batchPredictions: r.int('MAX_CONCURRENT_BATCH_PREDICTIONS', 2, 1, 1000),
      imports: r.int('MAX_CONCURRENT_IMPORTS', 1, 1, 1000),
      exports: r.int('MAX_CONCURRENT_EXPORTS', 2, 1, 1000),
      trainings: r.int('MAX_CONCURRENT_TRAININGS', 1, 1, 1000),
      retryAfterSeconds: r.int('HEAVY_WORK_RETRY_AFTER_SECONDS', 5, 1, 3600),
    },
    outbox: {
      maxAttempts: r.int('MAIL_MAX_ATTEMPTS', 8, 1, 100),
      backoffBaseSeconds: r.number('MAIL_RETRY_BASE_SECONDS', 30, 0.01, 86_400),
      maxBackoffSeconds: r.number('MAIL_RETRY_MAX_SECONDS', 3600, 0.01, 7 * 86_400),
      pollIntervalMs: r.int('MAIL_POLL_INTERVAL_MS', 2000, 10, 3_600_000),
      batchSize: r.int('MAIL_BATCH_SIZE', 20, 1, 1000),
    },
    emailVerificationUrl: r.url('EMAIL_VERIFICATION_URL', ['http:', 'https:']),
    shutdownGraceSeconds: r.int('SHUTDOWN_GRACE_SECONDS', 20, 1, 3600),
  };
  for (const origin of config.corsOrigins) {
    if (origin !== '*' && !/^https?:\/\/[^/]+$/.test(origin)) {
      r.problems.push(
        `CORS_ORIGINS entry "${origin}" must be an origin like https://app.example.org`,
      );
    }
  }
  if (production && config.corsOrigins.includes('*')) {
    r.problems.push('CORS_ORIGINS must not be * in production');
  }
  if (r.problems.length > 0) throw new InvalidConfigError(r.problems);
  return config;
}
