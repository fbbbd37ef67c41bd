import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { NodeEnv } from './app-config';
import { envFields as f } from './env-fields';
import { secretProblem } from './secret-problem';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** NODE_ENV alone: the other defaults depend on it. */
export const NODE_ENV_SCHEMA = f.oneOf(
  ['development', 'test', 'production'],
  'development',
  'must be development, test or production',
);

/** SECRET_KEY or JWT_SECRET_KEY when set: long, varied and never a value published here. */
const secret = () =>
  f.optionalText().superRefine((value, ctx) => {
    const problem = value === undefined ? undefined : secretProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Express "trust proxy": false, true, a hop count, or a list of addresses or subnets. */
const trustProxy = () =>
  f.optionalText().transform((value, ctx): boolean | number | string => {
    if (value === undefined) return false;
    const lower = value.toLowerCase();
    if (lower === 'false' || lower === '0') return false;
    if (lower === 'true') return true;
    if (/^\d+$/.test(value)) return Number(value);
    if (
      /^[0-9a-fA-F.:/,\s]+$/.test(value) ||
      /^(loopback|linklocal|uniquelocal)(,|$)/.test(lower)
    ) {
      return value;
    }
    ctx.addIssue({
      code: 'custom',
      message: 'must be false, true, a hop count, or a comma-separated list of proxy addresses',
    });
    return z.NEVER;
  });

const origin = z.string().refine((value) => value === '*' || /^https?:\/\/[^/]+$/.test(value), {
  error: (issue) => `entry "${String(issue.input)}" must be an origin like https://app.example.org`,
});

/** Limits that tests, sharing one client address, raise unless they set them. */
const forTests = (nodeEnv: NodeEnv, usual: number) => (nodeEnv === 'test' ? 100_000 : usual);

const day = 86_400;

/** Runtime, HTTP and database connection. */
const serverVariables = (nodeEnv: NodeEnv) => ({
  PORT: f.integer(3000, 0, 65535),
  APP_URL: f.url(['http:', 'https:']),
  LOG_LEVEL: f.oneOf(
    LOG_LEVELS,
    nodeEnv === 'test' ? 'silent' : 'info',
    `must be one of ${LOG_LEVELS.join(', ')}`,
  ),
  DATABASE_URL: f.url(['postgres:', 'postgresql:']),
  EMBEDDED_PG_DIR: f.text('.data/postgres'),
  EMBEDDED_DB_IN_PRODUCTION: f.flag(false),
  SEED_DEMO: f.flag(nodeEnv !== 'production'),
  CORS_ORIGINS: f.list(origin),
  TRUST_PROXY: trustProxy(),
  BODY_LIMIT: f
    .text('1mb')
    .pipe(z.string().regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb')),
  REQUIRE_IF_MATCH: f.flag(false),
  REDIS_URL: f.url(['redis:', 'rediss:']),
  SHUTDOWN_GRACE_SECONDS: f.integer(20, 1, 3600),
});

/** Secrets, tokens, password hashing and rate limits. */
const authVariables = (nodeEnv: NodeEnv) => ({
  SECRET_KEY: secret(),
  JWT_SECRET_KEY: secret(),
  SECRETS_FILE: f.optionalText(),
  JWT_ISSUER: f.text('student-performance-api'),
  JWT_AUDIENCE: f.text('student-performance-clients'),
  JWT_ACCESS_TOKEN_TTL: f.integer(900, 60, 900),
  JWT_REFRESH_IDLE_TTL: f.integer(7 * day, 300, 90 * day),
  JWT_REFRESH_ABSOLUTE_TTL: f.integer(30 * day, 300, 365 * day),
  // One core fewer than the machine has (at least one), so hashing never takes them all.
  ARGON2_MAX_CONCURRENCY: f.integer(Math.min(4, Math.max(1, availableParallelism() - 1)), 1, 64),
  ARGON2_MAX_QUEUE: f.integer(16, 0, 100_000),
  RATE_LIMIT_WINDOW_SECONDS: f.integer(60, 1, day),
  RATE_LIMIT_MAX: f.integer(forTests(nodeEnv, 600), 1, 1_000_000),
  AUTH_RATE_LIMIT_IP_WINDOW_SECONDS: f.integer(60, 1, day),
  AUTH_RATE_LIMIT_IP_MAX: f.integer(forTests(nodeEnv, 30), 1, 1_000_000),
  AUTH_RATE_LIMIT_ACCOUNT_WINDOW_SECONDS: f.integer(900, 1, day),
  AUTH_RATE_LIMIT_ACCOUNT_MAX: f.integer(forTests(nodeEnv, 10), 1, 1_000_000),
  LOGIN_CLIENT_MAX_FAILURES: f.integer(forTests(nodeEnv, 10), 1, 1_000_000),
  LOGIN_CLIENT_WINDOW_SECONDS: f.integer(900, 1, day),
  LOGIN_ACCOUNT_MAX_FAILURES: f.integer(forTests(nodeEnv, 50), 1, 1_000_000),
  LOGIN_ACCOUNT_WINDOW_SECONDS: f.integer(3600, 1, day),
});

/** Mail, the outbox and the links in mails. */
const mailVariables = () => ({
  MAIL_SERVER: f.optionalText(),
  MAIL_PORT: f.integer(587, 1, 65535),
  MAIL_USE_TLS: f.flag(false),
  MAIL_USERNAME: f.optionalText(),
  MAIL_PASSWORD: f.optionalText(),
  MAIL_FROM: f.text('Student Performance <no-reply@localhost>'),
  MAIL_MAX_ATTEMPTS: f.integer(8, 1, 100),
  MAIL_RETRY_BASE_SECONDS: f.decimal(30, 0.01, day),
  MAIL_RETRY_MAX_SECONDS: f.decimal(3600, 0.01, 7 * day),
  MAIL_POLL_INTERVAL_MS: f.integer(2000, 10, 3_600_000),
  MAIL_BATCH_SIZE: f.integer(20, 1, 1000),
  EMAIL_VERIFICATION_URL: f.url(['http:', 'https:']),
  PASSWORD_RESET_URL: f.url(['http:', 'https:']),
});

/** Import, model, pools and heavy-work limits. */
const workVariables = () => ({
  IMPORT_MAX_BYTES: f.integer(50 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024),
  IMPORT_MAX_ROWS: f.integer(500_000, 1, 10_000_000),
  IMPORT_MAX_FIELD_LENGTH: f.integer(256, 16, 100_000),
  IMPORT_ASYNC_ABOVE_BYTES: f.integer(1024 * 1024, 1024, 2 * 1024 * 1024 * 1024),
  IMPORT_JOB_STALE_SECONDS: f.integer(30, 3, 3600),
  IMPORT_JOBS_MAX_QUEUED: f.integer(10, 0, 1000),
  MODEL_DIR: f.text('ml-models'),
  RISK_HIGH_BELOW: f.decimal(60, 0, 100),
  RISK_MEDIUM_BELOW: f.decimal(65, 0, 100),
  MODEL_REFRESH_SECONDS: f.integer(5, 0, 3600),
  MODEL_MIN_TRAINING_ROWS: f.integer(100, 50, 10_000_000),
  DB_POOL_MAX: f.integer(10, 2, 1000),
  DB_HEAVY_POOL_MAX: f.integer(4, 1, 1000),
  DB_CONNECT_TIMEOUT_MS: f.integer(5000, 100, 600_000),
  DB_STATEMENT_TIMEOUT_MS: f.integer(15_000, 0, 3_600_000),
  DB_HEAVY_STATEMENT_TIMEOUT_MS: f.integer(300_000, 0, 1000 * day),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: f.integer(60_000, 0, 1000 * day),
  DB_UNAVAILABLE_RETRY_AFTER_SECONDS: f.integer(5, 1, 3600),
  MAX_CONCURRENT_BATCH_PREDICTIONS: f.integer(2, 1, 1000),
  MAX_CONCURRENT_IMPORTS: f.integer(1, 1, 1000),
  MAX_CONCURRENT_EXPORTS: f.integer(2, 1, 1000),
  MAX_CONCURRENT_TRAININGS: f.integer(1, 1, 1000),
  HEAVY_WORK_RETRY_AFTER_SECONDS: f.integer(5, 1, 3600),
});

/**
 * Every environment variable the service reads (except NODE_ENV), with its kind, range and
 * default for `nodeEnv`. The names are those of the original system.
 */
export function envSchema(nodeEnv: NodeEnv) {
  return z.object({
    ...serverVariables(nodeEnv),
    ...authVariables(nodeEnv),
    ...mailVariables(),
    ...workVariables(),
  });
}

/** The environment as read and checked by `envSchema`. */
export type EnvValues = z.output<ReturnType<typeof envSchema>>;
