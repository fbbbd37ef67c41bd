import { AppConfig, DatabaseConfig, NodeEnv, RateLimitConfig } from './app-config';
import { EnvValues } from './env-schema';
import { GeneratedSecrets } from './generated-secrets';

function rateLimits(env: EnvValues): RateLimitConfig {
  return {
    windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
    max: env.RATE_LIMIT_MAX,
    authIpWindowSeconds: env.AUTH_RATE_LIMIT_IP_WINDOW_SECONDS,
    authIpMax: env.AUTH_RATE_LIMIT_IP_MAX,
    authAccountWindowSeconds: env.AUTH_RATE_LIMIT_ACCOUNT_WINDOW_SECONDS,
    authAccountMax: env.AUTH_RATE_LIMIT_ACCOUNT_MAX,
    loginClientFailures: env.LOGIN_CLIENT_MAX_FAILURES,
    loginClientWindowSeconds: env.LOGIN_CLIENT_WINDOW_SECONDS,
    loginAccountFailures: env.LOGIN_ACCOUNT_MAX_FAILURES,
    loginAccountWindowSeconds: env.LOGIN_ACCOUNT_WINDOW_SECONDS,
  };
}

function database(env: EnvValues): DatabaseConfig {
  return {
    poolMax: env.DB_POOL_MAX,
    heavyPoolMax: env.DB_HEAVY_POOL_MAX,
    connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
    heavyStatementTimeoutMs: env.DB_HEAVY_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    unavailableRetryAfterSeconds: env.DB_UNAVAILABLE_RETRY_AFTER_SECONDS,
  };
}

/** Sections named after the part of the service that reads them, where one reads several. */
function sections(
  env: EnvValues,
): Pick<AppConfig, 'mail' | 'import' | 'importJobs' | 'heavyWork' | 'outbox'> {
  return {
    mail: {
      host: env.MAIL_SERVER,
      port: env.MAIL_PORT,
      useTls: env.MAIL_USE_TLS,
      username: env.MAIL_USERNAME,
      password: env.MAIL_PASSWORD,
      from: env.MAIL_FROM,
    },
    import: {
      maxBytes: env.IMPORT_MAX_BYTES,
      maxRows: env.IMPORT_MAX_ROWS,
      maxFieldLength: env.IMPORT_MAX_FIELD_LENGTH,
    },
    importJobs: {
      asyncAboveBytes: env.IMPORT_ASYNC_ABOVE_BYTES,
      staleSeconds: env.IMPORT_JOB_STALE_SECONDS,
      maxQueued: env.IMPORT_JOBS_MAX_QUEUED,
    },
    heavyWork: {
      batchPredictions: env.MAX_CONCURRENT_BATCH_PREDICTIONS,
      imports: env.MAX_CONCURRENT_IMPORTS,
      exports: env.MAX_CONCURRENT_EXPORTS,
      trainings: env.MAX_CONCURRENT_TRAININGS,
      retryAfterSeconds: env.HEAVY_WORK_RETRY_AFTER_SECONDS,
    },
    outbox: {
      maxAttempts: env.MAIL_MAX_ATTEMPTS,
      backoffBaseSeconds: env.MAIL_RETRY_BASE_SECONDS,
      maxBackoffSeconds: env.MAIL_RETRY_MAX_SECONDS,
      pollIntervalMs: env.MAIL_POLL_INTERVAL_MS,
      batchSize: env.MAIL_BATCH_SIZE,
    },
  };
}

/** The typed AppConfig from checked environment values and the resolved secrets. */
export function appConfigFromEnv(
  nodeEnv: NodeEnv,
  env: EnvValues,
  secrets: { values: GeneratedSecrets; file: string | undefined },
): AppConfig {
  return {
    nodeEnv,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL,
    embeddedPgDir: env.EMBEDDED_PG_DIR,
    secretKey: secrets.values.SECRET_KEY,
    secretsFile: secrets.file,
    jwt: {
      secret: secrets.values.JWT_SECRET_KEY,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      accessTtlSeconds: env.JWT_ACCESS_TOKEN_TTL,
      refreshIdleTtlSeconds: env.JWT_REFRESH_IDLE_TTL,
      refreshAbsoluteTtlSeconds: env.JWT_REFRESH_ABSOLUTE_TTL,
    },
    redisUrl: env.REDIS_URL,
    appUrl: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    passwordResetUrl: env.PASSWORD_RESET_URL,
    seedDemo: env.SEED_DEMO,
    corsOrigins: env.CORS_ORIGINS,
    trustProxy: env.TRUST_PROXY,
    bodyLimit: env.BODY_LIMIT,
    http: { requireIfMatch: env.REQUIRE_IF_MATCH },
    logLevel: env.LOG_LEVEL,
    modelDir: env.MODEL_DIR,
    riskThresholds: { high: env.RISK_HIGH_BELOW, medium: env.RISK_MEDIUM_BELOW },
    modelRefreshSeconds: env.MODEL_REFRESH_SECONDS,
    modelMinTrainingRows: env.MODEL_MIN_TRAINING_ROWS,
    argon2MaxConcurrency: env.ARGON2_MAX_CONCURRENCY,
    argon2MaxQueue: env.ARGON2_MAX_QUEUE,
    rateLimits: rateLimits(env),
    database: database(env),
    emailVerificationUrl: env.EMAIL_VERIFICATION_URL,
    shutdownGraceSeconds: env.SHUTDOWN_GRACE_SECONDS,
    ...sections(env),
  };
}
