import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { AppConfig } from '../src/config/app-config';
import { APP_CONFIG } from '../src/config/app-config.token';
import { PUBLISHED_SECRETS } from '../src/config/published-secrets';
import { secretsInCompose, secretsInEnvFile } from '../src/config/repository-secrets';
import { bearer, createUserAndLogin } from './helpers/auth';
import { createTestApp } from './helpers/test-app';

const ROOT = join(__dirname, '..');

/** Every string of the repository that was or could be taken for a signing key. */
const repositoryStrings = [
  ...PUBLISHED_SECRETS,
  ...secretsInCompose(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')),
  ...secretsInEnvFile(readFileSync(join(ROOT, '.env.example'), 'utf8')),
];

describe('No public signing keys', () => {
  let folder: string;
  let secretsFile: string;
  let app: NestExpressApplication;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'spp-secrets-e2e-'));
    secretsFile = join(folder, 'secrets.json');
    // No SECRET_KEY or JWT_SECRET_KEY: the app generates them into the file.
    app = await createTestApp({ SECRETS_FILE: secretsFile });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('generates random secrets into a private file, and a restarted instance takes the same', async () => {
    const config = app.get<AppConfig>(APP_CONFIG);
    expect(config.secretsFile).toBe(secretsFile);
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(secretsFile, 'utf8')) as Record<string, string>;
    expect(stored.JWT_SECRET_KEY).toBe(config.jwt.secret);
    expect(Buffer.from(stored.JWT_SECRET_KEY, 'base64url')).toHaveLength(32);
    expect(repositoryStrings).not.toContain(config.jwt.secret);

    const admin = await createUserAndLogin(app, { role: 'administrator' });
    // A restart: the token of the instance that is gone works on the new one.
    await app.close();
    app = await createTestApp({ SECRETS_FILE: secretsFile });
    expect(app.get<AppConfig>(APP_CONFIG).jwt.secret).toBe(config.jwt.secret);
    await request(app.getHttpServer())
      .get('/api/auth/me')
      .set(bearer(admin.accessToken))
      .expect(200);
  });

  it('refuses an access token signed with any string of the repository', async () => {
    const admin = await createUserAndLogin(app, { role: 'administrator' });
    const jwt = app.get(JwtService);
    const config = app.get<AppConfig>(APP_CONFIG);
    const claims = jwt.decode<Record<string, unknown>>(admin.accessToken);
    const { iat: _iat, exp: _exp, aud: _aud, iss: _iss, jti: _jti, ...payload } = claims;
    const forge = (secret: string) =>
      jwt.sign(payload, {
        secret,
        algorithm: 'HS256',
        issuer: config.jwt.issuer,
        audience: config.jwt.audience,
        expiresIn: 60,
      });
    // The control: the same recipe with the instance's own secret is accepted.
    await request(app.getHttpServer())
      .get('/api/auth/me')
      .set(bearer(forge(config.jwt.secret)))
      .expect(200);
    expect(repositoryStrings.length).toBeGreaterThanOrEqual(PUBLISHED_SECRETS.length);
    for (const secret of repositoryStrings) {
      const res = await request(app.getHttpServer())
        .get('/api/auth/me')
        .set(bearer(forge(secret)));
      expect({ secret, status: res.status }).toEqual({ secret, status: 401 });
    }
  });

  it('a production start with a published secret stops and names the variable', async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://127.0.0.1:1/x',
      MAIL_SERVER: '127.0.0.1',
      SECRET_KEY: 'local-compose-secret-key-change-me-000000',
      JWT_SECRET_KEY: 'too-short-for-a-key',
    };
    const { code, output } = await new Promise<{ code: number | null; output: string }>(
      (resolve) => {
        const child = spawn(
          process.execPath,
          ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'main.ts')],
          { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
        const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
        child.on('close', (exitCode) => {
          clearTimeout(timer);
          resolve({ code: exitCode, output: text });
        });
      },
    );
    expect(code).toBe(1);
    expect(output).toMatch(/SECRET_KEY is a value published in the repository/);
    expect(output).toMatch(/JWT_SECRET_KEY must be at least 32 bytes long \(got 19\)/);
    expect(output).not.toMatch(/listening on/);
  });
});
