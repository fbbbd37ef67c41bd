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
}

export interface ImportLimits {
  maxBytes: number;
  maxRows: number;
  maxFieldLength: number;
}

export interface AppConfig {
  nodeEnv: NodeEnv;
  port: number;
  /** Unset: an embedded PostgreSQL server is started with the app. */
  databaseUrl: string | undefined;
  embeddedPgDir: string;
  secretKey: string;
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
  logLevel: string;
  import: ImportLimits;
  modelDir: string;
  riskThresholds: { high: number; medium: number };
  /** How often (seconds) an instance checks which model version is active (MODEL_REFRESH_SECONDS). */
  modelRefreshSeconds: number;
  /** Students with an exam score a training run needs at least (MODEL_MIN_TRAINING_ROWS). */
  modelMinTrainingRows: number;
  argon2MaxConcurrency: number;
  rateLimits: RateLimitConfig;
}
