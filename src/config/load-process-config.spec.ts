import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Loads the configuration in a child process started in `cwd`, as a command does. */
function portSeenIn(cwd: string, env: Record<string, string>): string {
  const script = `const { loadProcessConfig } = require(${JSON.stringify(join(__dirname, 'load-process-config.ts'))});
    process.stdout.write(String(loadProcessConfig().port));`;
  const child = spawnSync(
    process.execPath,
    ['-r', require.resolve('ts-node/register/transpile-only'), '-e', script],
    {
      cwd,
      env: { PATH: process.env.PATH ?? '', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
      encoding: 'utf8',
    },
  );
  if (child.status !== 0) throw new Error(child.stderr);
  return child.stdout;
}

describe('loadProcessConfig', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'spp-env-file-'));
    writeFileSync(
      join(folder, '.env'),
      `PORT=4321\nSECRETS_FILE=${join(folder, 'secrets.json')}\nLOG_LEVEL=silent\n`,
    );
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('reads .env in the working folder, as the server does', () => {
    expect(portSeenIn(folder, { NODE_ENV: 'development' })).toBe('4321');
  });

  it('lets a variable set in the environment win over .env', () => {
    expect(portSeenIn(folder, { NODE_ENV: 'development', PORT: '5555' })).toBe('5555');
  });

  it('ignores .env in tests', () => {
    expect(portSeenIn(folder, { NODE_ENV: 'test' })).toBe('3000');
  });
});
