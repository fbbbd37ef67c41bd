/** The typed, validated configuration of the whole service. Built once from the environment. */
export type NodeEnv = 'development' | 'test' | 'production';

export interface MailConfig {
  /** SMTP host; unset in development means mails are written to the log instead of sent. */
  host: string | undefined;
  port: number;
  /** STARTTLS (MAIL_USE_TLS); port 465 uses implicit TLS. */
  useTls: boolean;
  username: string | undefined;
  password: string | undefined;
  from: string;
}

export interface JwtConfig {
  secret: string;
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
  refreshIdleTtlSeconds: number;
  refreshAbsoluteTtlSeconds: number;
}

export interface RateLimitConfig {
  /** Every route except health: requests per client IP per window. */
  windowSeconds: number;
  max: number;
  /** Sensitive auth routes (login, register, refresh, forgot-password, resend): per client IP. */
  authIpWindowSeconds: number;
  authIpMax: number;
  /** The same routes per account (email, or session for refresh). */
  authAccountWindowSeconds: number;
  authAccountMax: number;
  /** Failed logins one client (IP) may make for one account per window, then 429 for that pair. */
  loginClientFailures: number;
  loginClientWindowSeconds: number;
  /**
   * Failed logins for one account from all clients per window; past it only clients without a
   * recent failure for the account get an attempt (one: a wrong password then answers 429).
   */
  loginAccountFailures: number;
  loginAccountWindowSeconds: number;
}

export interface ImportLimits {
  maxBytes: number;
  maxRows: number;
  maxFieldLength: number;
}

/** Imports run as background jobs (POST /api/data/import?async=true, or large files). */
export interface ImportJobsConfig {
  /** Files larger than this many bytes are always imported as a job (IMPORT_ASYNC_ABOVE_BYTES). */
  asyncAboveBytes: number;
  /** A job without a progress write for this long is shown as interrupted (its server died). */
  staleSeconds: number;
  /** Jobs that may wait on one server for a free import place; past it a new one is a 429. */
  maxQueued: number;
}

/** PostgreSQL connection pools and timeouts. */
export interface DatabaseConfig {
  /** Connections of the main pool: logins, reads, writes, health (DB_POOL_MAX). */
  poolMax: number;
  /** Connections of the separate pool for heavy work (batch, import, export, training). */
  heavyPoolMax: number;
  /** Wait for a free connection or a new one, in ms, before giving up (DB_CONNECT_TIMEOUT_MS). */
  connectTimeoutMs: number;
  /** Longest statement on the main pool, in ms (DB_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs: number;
  /** Longest statement on the heavy pool, in ms (DB_HEAVY_STATEMENT_TIMEOUT_MS). */
  heavyStatementTimeoutMs: number;
  /** A session idle inside a transaction this long is ended by the server (ms). */
  idleInTransactionTimeoutMs: number;
  /** Seconds a caller is told to wait (Retry-After) while the database is unavailable. */
  unavailableRetryAfterSeconds: number;
}

/** How much heavy work runs at once, per instance (and, through the database, per cluster). */
export interface HeavyWorkLimits {
  batchPredictions: number;
  imports: number;
  exports: number;
  trainings: number;
  /** Seconds a refused caller is told to wait (Retry-After). */
  retryAfterSeconds: number;
}

/** The transactional mail outbox and its worker. */
export interface MailOutboxConfig {
  /** Tries before a mail is given up (then listed for administrators as failed). */
  maxAttempts: number;
  /** First retry delay in seconds; each further try doubles it, up to maxBackoffSeconds. */
  backoffBaseSeconds: number;
  maxBackoffSeconds: number;
  /** How often the worker looks for due mails, in ms (it is also woken when one is queued). */
  pollIntervalMs: number;
  /** Mails claimed per round. */
  batchSize: number;
}

/** HTTP behaviour switches. */
export interface HttpConfig {
  /**
   * Writes to a versioned resource must send If-Match (REQUIRE_IF_MATCH); false accepts a
   * write without it, as before.
   */
  requireIfMatch: boolean;
}

export interface AppConfig {
  nodeEnv: NodeEnv;
  port: number;
  /** Unset: an embedded PostgreSQL server is started with the app. */
  databaseUrl: string | undefined;
  embeddedPgDir: string;
  secretKey: string;
  /** The file the generated secrets came from (SECRETS_FILE), or undefined when none was used. */
  secretsFile: string | undefined;
  jwt: JwtConfig;
  mail: MailConfig;
  redisUrl: string | undefined;
  appUrl: string;
  /** Optional page of a client app where users choose a new password; linked in reset emails. */
  passwordResetUrl: string | undefined;
  seedDemo: boolean;
  corsOrigins: string[];
  /** Express "trust proxy" value: false, a hop count, or a list of addresses/subnets. */
  trustProxy: boolean | number | string;
  bodyLimit: string;
  http: HttpConfig;
  logLevel: string;
  import: ImportLimits;
  importJobs: ImportJobsConfig;
  modelDir: string;
  riskThresholds: { high: number; medium: number };
  /** How often (seconds) an instance checks which model version is active (MODEL_REFRESH_SECONDS). */
  modelRefreshSeconds: number;
  /** Students with an exam score a training run needs at least (MODEL_MIN_TRAINING_ROWS). */
  modelMinTrainingRows: number;
  /** Hashes computed at once (default: CPU count minus one, 1 to 4). */
  argon2MaxConcurrency: number;
  /** Hashes that may wait for a slot; past it a request is refused at once (503, Retry-After). */
  argon2MaxQueue: number;
  rateLimits: RateLimitConfig;
  database: DatabaseConfig;
  heavyWork: HeavyWorkLimits;
  outbox: MailOutboxConfig;
  /** Optional page of a client app that takes ?token= to verify an email address. */
  emailVerificationUrl: string | undefined;
  /** Seconds SIGTERM waits for in-flight requests and background work before exiting. */
  shutdownGraceSeconds: number;
}
