import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectPostmaster, isAlive, readPostmasterLock } from './postmaster';

describe('postmaster.pid inspection', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'spp-postmaster-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lockFile = (pid: number) =>
    writeFileSync(
      join(dir, 'postmaster.pid'),
      `${pid}\n${dir}\n1700000000\n54321\n\n127.0.0.1\n  1234    5678\nready   \n`,
    );

  it('reads the pid, the data folder and the port', () => {
    lockFile(4242);
    expect(readPostmasterLock(dir)).toEqual({ pid: 4242, dataDir: dir, port: 54321 });
  });

  it('finds a folder without a lock file free', () => {
    expect(inspectPostmaster(dir)).toEqual({ state: 'free' });
  });

  it('calls a lock file whose process has exited dead', () => {
    const exited = spawnSync(process.execPath, ['-e', '']).pid ?? 0;
    expect(isAlive(exited)).toBe(false);
    lockFile(exited);
    expect(inspectPostmaster(dir).state).toBe('dead');
  });

  it('calls a lock file whose pid is now another program (not postgres) dead', () => {
    lockFile(process.pid);
    expect(isAlive(process.pid)).toBe(true);
    expect(inspectPostmaster(dir).state).toBe('dead');
  });
});
