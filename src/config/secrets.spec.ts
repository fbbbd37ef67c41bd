import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidConfigError } from './config.errors';
import { loadConfig } from './load-config';
import { PUBLISHED_SECRETS } from './published-secrets';
import { secretsInCompose, secretsInEnvFile } from './repository-secrets';

const ROOT = join(__dirname, '..', '..');
const strong = () => randomBytes(32).toString('base64url');
const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://app@db:5432/spp',
  MAIL_SERVER: 'smtp.example.org',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.problems;
    throw error;
  }
  return [];
}

/** Every secret-looking value written in docker-compose.yml and .env.example. */
function repositoryValues(): string[] {
  return [
    ...secretsInCompose(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')),
    ...secretsInEnvFile(readFileSync(join(ROOT, '.env.example'), 'utf8')),
  ];
}

describe('secrets', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'spp-secrets-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  describe('unset outside production', () => {
    it('are generated at random, kept in a private file, and the same at the next start', () => {
      const file = join(folder, 'data', 'secrets.json');
      const first = loadConfig({ NODE_ENV: 'development', SECRETS_FILE: file });
      expect(first.secretsFile).toBe(file);
      expect(first.jwt.secret).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
      expect(first.secretKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(first.secretKey).not.toBe(first.jwt.secret);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
        SECRET_KEY: first.secretKey,
        JWT_SECRET_KEY: first.jwt.secret,
      });
      const restarted = loadConfig({ NODE_ENV: 'development', SECRETS_FILE: file });
      expect(restarted.jwt.secret).toBe(first.jwt.secret);
      expect(restarted.secretKey).toBe(first.secretKey);
      // Another folder: other secrets.
      const other = loadConfig({ NODE_ENV: 'development', SECRETS_FILE: join(folder, 'x.json') });
      expect(other.jwt.secret).not.toBe(first.jwt.secret);
    });

    it('live beside the embedded server folder by default', () => {
      const config = loadConfig({
        NODE_ENV: 'development',
        EMBEDDED_PG_DIR: join(folder, 'postgres'),
      });
      expect(config.secretsFile).toBe(join(folder, 'secrets.json'));
      expect(existsSync(join(folder, 'secrets.json'))).toBe(true);
    });

    it('are generated for a production trial on the embedded server', () => {
      const config = loadConfig({
        NODE_ENV: 'production',
        EMBEDDED_DB_IN_PRODUCTION: 'true',
        MAIL_SERVER: 'smtp.example.org',
        EMBEDDED_PG_DIR: join(folder, 'postgres'),
      });
      expect(config.secretsFile).toBe(join(folder, 'secrets.json'));
      expect(config.jwt.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('keep a set value and take only the missing one from the file', () => {
      const file = join(folder, 'secrets.json');
      const jwt = strong();
      const config = loadConfig({
        NODE_ENV: 'development',
        SECRETS_FILE: file,
        JWT_SECRET_KEY: jwt,
      });
      expect(config.jwt.secret).toBe(jwt);
      expect(config.secretKey).toBe(JSON.parse(readFileSync(file, 'utf8')).SECRET_KEY);
      expect(
        loadConfig({
          NODE_ENV: 'development',
          SECRETS_FILE: file,
          SECRET_KEY: jwt,
          JWT_SECRET_KEY: jwt,
        }).secretsFile,
      ).toBeUndefined();
    });

    it('are random per test process without a file, the same for every load in it', () => {
      const a = loadConfig({ NODE_ENV: 'test' });
      const b = loadConfig({ NODE_ENV: 'test' });
      expect(a.secretsFile).toBeUndefined();
      expect(a.jwt.secret).toBe(b.jwt.secret);
      expect(a.secretKey).toBe(b.secretKey);
      expect(PUBLISHED_SECRETS).not.toContain(a.jwt.secret);
    });

    it('refuse a secrets file that others can read, or that is damaged, naming it', () => {
      const file = join(folder, 'secrets.json');
      loadConfig({ NODE_ENV: 'development', SECRETS_FILE: file });
      chmodSync(file, 0o644);
      expect(problemsOf({ NODE_ENV: 'development', SECRETS_FILE: file })).toEqual([
        expect.stringMatching(/^SECRETS_FILE .*secrets\.json can be read by other users/),
      ]);
      writeFileSync(file, '{"SECRET_KEY": ', { mode: 0o600 });
      chmodSync(file, 0o600);
      expect(problemsOf({ NODE_ENV: 'development', SECRETS_FILE: file })).toEqual([
        expect.stringMatching(/secrets\.json is not valid JSON/),
      ]);
      writeFileSync(file, JSON.stringify({ SECRET_KEY: strong(), JWT_SECRET_KEY: 'short' }));
      expect(problemsOf({ NODE_ENV: 'development', SECRETS_FILE: file })).toEqual([
        expect.stringMatching(/^JWT_SECRET_KEY in .*secrets\.json must be at least 32 bytes/),
      ]);
    });

    it('are the same for processes that start at once on one file', async () => {
      const file = join(folder, 'secrets.json');
      const script = `const { loadConfig } = require(${JSON.stringify(join(__dirname, 'load-config.ts'))});
        const c = loadConfig({ NODE_ENV: 'development', SECRETS_FILE: ${JSON.stringify(file)} });
        process.stdout.write(c.jwt.secret + ' ' + c.secretKey);`;
      const run = () =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            ['-r', 'ts-node/register/transpile-only', '-e', script],
            { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
          );
          let out = '';
          child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
          child.on('close', (code) =>
            code === 0 ? resolve(out) : reject(new Error(`exit ${code}`)),
          );
        });
      const outputs = await Promise.all([run(), run(), run()]);
      expect(new Set(outputs).size).toBe(1);
      const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      expect(outputs[0]).toBe(`${stored.JWT_SECRET_KEY} ${stored.SECRET_KEY}`);
    }, 60_000);
  });

  describe('in production', () => {
    it('are required when the database is a server (every instance needs the same ones)', () => {
      expect(problemsOf(production)).toEqual([
        'SECRET_KEY is required in production',
        'JWT_SECRET_KEY is required in production',
      ]);
    });

    it('accepts long random secrets', () => {
      expect(problemsOf({ ...production, SECRET_KEY: strong(), JWT_SECRET_KEY: strong() })).toEqual(
        [],
      );
    });

    it.each(['SECRET_KEY', 'JWT_SECRET_KEY'])(
      'refuses a %s of 31 bytes, naming it, and takes one of 32',
      (name) => {
        const other = name === 'SECRET_KEY' ? 'JWT_SECRET_KEY' : 'SECRET_KEY';
        const base = { ...production, [other]: strong() };
        expect(problemsOf({ ...base, [name]: strong().slice(0, 31) })).toEqual([
          `${name} must be at least 32 bytes long (got 31)`,
        ]);
        expect(problemsOf({ ...base, [name]: strong().slice(0, 32) })).toEqual([]);
        // Bytes, not characters: 16 two-byte characters are 32 bytes.
        expect(problemsOf({ ...base, [name]: 'äöüßéèàçñøåæœłžš'.slice(0, 15) })).toEqual([
          `${name} must be at least 32 bytes long (got 30)`,
        ]);
      },
    );

    it('refuses every value written in the repository, as either secret, naming it', () => {
      const values = [...PUBLISHED_SECRETS, ...repositoryValues()];
      for (const value of values) {
        for (const name of ['SECRET_KEY', 'JWT_SECRET_KEY']) {
          const other = name === 'SECRET_KEY' ? 'JWT_SECRET_KEY' : 'SECRET_KEY';
          const problems = problemsOf({ ...production, [other]: strong(), [name]: value });
          expect({ value, problems }).toEqual({
            value,
            problems: [expect.stringMatching(new RegExp(`^${name} `))],
          });
        }
      }
    });

    it('refuses the published values in development too', () => {
      for (const value of PUBLISHED_SECRETS) {
        expect(
          problemsOf({ NODE_ENV: 'development', SECRET_KEY: strong(), JWT_SECRET_KEY: value }),
        ).toEqual([
          expect.stringMatching(/^JWT_SECRET_KEY is a value published in the repository/),
        ]);
      }
    });

    it('refuses low-variety values such as a repeated character', () => {
      expect(
        problemsOf({ ...production, SECRET_KEY: strong(), JWT_SECRET_KEY: 'x'.repeat(64) }),
      ).toEqual([expect.stringMatching(/^JWT_SECRET_KEY has too few different characters/)]);
    });
  });

  describe('the repository scan behind the published list', () => {
    it('finds literal secrets, ${...} defaults and URL passwords in a compose file', () => {
      const found = secretsInCompose(
        [
          'services:',
          '  api:',
          '    environment:',
          '      JWT_SECRET_KEY: literal-value-of-forty-characters-000000',
          '      SECRET_KEY: ${SECRET_KEY:-a-default-in-the-file}',
          '      OTHER_TOKEN: ${OTHER_TOKEN:?set it}',
          '      DATABASE_URL: postgres://spp:dbpass@db/x',
          '  db:',
          '    environment:',
          '      - POSTGRES_PASSWORD=listed',
        ].join('\n'),
      );
      expect(found.sort()).toEqual(
        [
          'a-default-in-the-file',
          'dbpass',
          'listed',
          'literal-value-of-forty-characters-000000',
        ].sort(),
      );
    });

    it('finds secrets in an env file, commented examples included', () => {
      expect(
        secretsInEnvFile(
          '# SECRET_KEY=commented\nJWT_SECRET_KEY="quoted"\n# SECRET_KEY=\nPORT=3000\n# DATABASE_URL=postgres://a:b@h/d',
        ).sort(),
      ).toEqual(['b', 'commented', 'quoted']);
    });

    it('docker-compose.yml takes every secret from the environment', () => {
      const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
      expect(secretsInCompose(compose)).toEqual([]);
      for (const name of ['SECRET_KEY', 'JWT_SECRET_KEY', 'POSTGRES_PASSWORD']) {
        expect(compose).toContain(`\${${name}:?`);
      }
    });
  });
});
