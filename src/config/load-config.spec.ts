import { InvalidConfigError } from './config.errors';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './load-config';
import { PUBLISHED_SECRETS } from './published-secrets';

const strong = randomBytes(32).toString('base64url');
// Development configurations without secrets generate some into this file, not the repository's.
const folder = mkdtempSync(join(tmpdir(), 'spp-config-'));
const SECRETS_FILE = join(folder, 'secrets.json');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ SECRETS_FILE, ...env });
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('gives working development defaults with no environment at all', () => {
    const config = loadConfig({ SECRETS_FILE });
    expect(config.nodeEnv).toBe('development');
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.seedDemo).toBe(true);
    expect(config.jwt.secret.length).toBeGreaterThanOrEqual(32);
    expect(config.jwt.accessTtlSeconds).toBeLessThanOrEqual(900);
    expect(config.appUrl).toBe('http://localhost:3000');
    expect(config.http.requireIfMatch).toBe(false);
  });

  it('requires If-Match on writes when REQUIRE_IF_MATCH is true', () => {
    expect(loadConfig({ SECRETS_FILE, REQUIRE_IF_MATCH: 'true' }).http.requireIfMatch).toBe(true);
  });

  it('refuses to start in production without secrets, naming each variable', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/x',
      MAIL_SERVER: 'smtp',
    });
    expect(problems.join('\n')).toMatch(/SECRET_KEY is required/);
    expect(problems.join('\n')).toMatch(/JWT_SECRET_KEY is required/);
  });

  it('refuses the former development JWT secret in production', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://db/x',
      MAIL_SERVER: 'smtp',
      SECRET_KEY: strong,
      JWT_SECRET_KEY: PUBLISHED_SECRETS[1],
    });
    expect(problems).toEqual([
      expect.stringMatching(/^JWT_SECRET_KEY is a value published in the repository/),
    ]);
  });

  it('accepts a complete production configuration and seeds nothing by default', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://app:pw@db:5432/spp',
      MAIL_SERVER: 'smtp.example.org',
      SECRET_KEY: strong,
      JWT_SECRET_KEY: strong,
      CORS_ORIGINS: 'https://school.example.org, https://admin.example.org',
      TRUST_PROXY: '1',
    });
    expect(config.seedDemo).toBe(false);
    expect(config.corsOrigins).toEqual(['https://school.example.org', 'https://admin.example.org']);
    expect(config.trustProxy).toBe(1);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be an integer/],
    [{ DATABASE_URL: 'mysql://x/y' }, /DATABASE_URL must use postgres: or postgresql:/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a valid URL/],
    [{ MAIL_USE_TLS: 'maybe' }, /MAIL_USE_TLS must be true or false/],
    [{ SEED_DEMO: 'perhaps' }, /SEED_DEMO must be true or false/],
    [{ REQUIRE_IF_MATCH: 'sometimes' }, /REQUIRE_IF_MATCH must be true or false/],
    [
      { JWT_ACCESS_TOKEN_TTL: '3600' },
      /JWT_ACCESS_TOKEN_TTL must be an integer between 60 and 900/,
    ],
    [{ JWT_SECRET_KEY: 'short' }, /JWT_SECRET_KEY must be at least 32 bytes long/],
    [{ CORS_ORIGINS: 'school.example.org' }, /CORS_ORIGINS entry/],
    [{ TRUST_PROXY: 'everyone please' }, /TRUST_PROXY must be/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV must be development, test or production/],
  ])('names the variable of a malformed value %p', (env, message) => {
    expect(problemsOf(env).join('\n')).toMatch(message);
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ PORT: 'x', MAIL_PORT: 'y' })).toHaveLength(2);
  });
});
