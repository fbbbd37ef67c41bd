import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '../src/config/app-config';
import { APP_CONFIG } from '../src/config/app-config.token';
import { PUBLISHED_SECRETS } from '../src/config/published-secrets';
import { secretsInCompose, secretsInEnvFile } from '../src/config/repository-secrets';
import { bearer, createUserAndLogin } from './helpers/auth';
import { useHttpApp } from './helpers/http-app';
import { runMain } from './helpers/run-main';

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

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'spp-secrets-e2e-'));
    secretsFile = join(folder, 'secrets.json');
  });

  // No SECRET_KEY or JWT_SECRET_KEY: the app generates them into the file.
  const api = useHttpApp({ env: () => ({ SECRETS_FILE: secretsFile }) });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('generates random secrets into a private file, and a restarted instance takes the same', async () => {
    const config = api.app.get<AppConfig>(APP_CONFIG);
    expect(config.secretsFile).toBe(secretsFile);
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(secretsFile, 'utf8')) as Record<string, string>;
    expect(stored.JWT_SECRET_KEY).toBe(config.jwt.secret);
    expect(Buffer.from(stored.JWT_SECRET_KEY, 'base64url')).toHaveLength(32);
    expect(repositoryStrings).not.toContain(config.jwt.secret);

    const admin = await createUserAndLogin(api.app, { role: 'administrator' });
    // A restart: the token of the instance that is gone works on the new one.
    const restarted = await api.restart();
    expect(restarted.get<AppConfig>(APP_CONFIG).jwt.secret).toBe(config.jwt.secret);
    await api.http().get('/api/auth/me').set(bearer(admin.accessToken)).expect(200);
  });

  it('refuses an access token signed with any string of the repository', async () => {
    const admin = await createUserAndLogin(api.app, { role: 'administrator' });
    const jwt = api.app.get(JwtService);
    const config = api.app.get<AppConfig>(APP_CONFIG);
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
    await api
      .http()
      .get('/api/auth/me')
      .set(bearer(forge(config.jwt.secret)))
      .expect(200);
    expect(repositoryStrings.length).toBeGreaterThanOrEqual(PUBLISHED_SECRETS.length);
    for (const secret of repositoryStrings) {
      const res = await api
        .http()
        .get('/api/auth/me')
        .set(bearer(forge(secret)));
      expect({ secret, status: res.status }).toEqual({ secret, status: 401 });
    }
  });

  it('a production start with a published secret stops and names the variable', async () => {
    const { code, output } = await runMain({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://127.0.0.1:1/x',
      MAIL_SERVER: '127.0.0.1',
      SECRET_KEY: 'local-compose-secret-key-change-me-000000',
      JWT_SECRET_KEY: 'too-short-for-a-key',
    });
    expect(code).toBe(1);
    expect(output).toMatch(/SECRET_KEY is a value published in the repository/);
    expect(output).toMatch(/JWT_SECRET_KEY must be at least 32 bytes long \(got 19\)/);
    expect(output).not.toMatch(/listening on/);
  });
});
