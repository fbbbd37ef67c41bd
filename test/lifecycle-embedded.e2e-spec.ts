import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unusedPort } from './helpers/mail-catcher';
import { ROOT, baseEnv, killAfter, runTs, spawnChild, type Child } from './lifecycle/app-process';
import { readPostmasterLock, isAlive } from '../src/database/postmaster';

/**
 * The app on its embedded PostgreSQL as an operator runs it: `npm start` (the package's own
 * start script, run by npm), a run killed with SIGKILL, the CLI beside the running server.
 */
describe('npm start on the embedded PostgreSQL', () => {
  let dir: string;
  let dataDir: string;
  let packageDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spp-lifecycle-'));
    // As root the server runs as the postgres user, who must reach its data folder.
    await chmod(dir, 0o755);
    dataDir = join(dir, 'data');
    // A package with this project's start script, whose entry point runs src/main.ts, so npm,
    // the shell and the signals are exactly those of `npm start` without a build.
    packageDir = join(dir, 'package');
    const scripts = (
      JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    await mkdir(join(packageDir, 'dist', 'src'), { recursive: true });
    await writeFile(
      join(packageDir, 'package.json'),
      JSON.stringify({ name: 'start-script', private: true, scripts: { start: scripts.start } }),
    );
    await writeFile(
      join(packageDir, 'dist', 'src', 'main.js'),
      [
        `process.chdir(${JSON.stringify(ROOT)});`,
        `require(${JSON.stringify(join(ROOT, 'node_modules', 'ts-node'))}).register({`,
        `  transpileOnly: true, project: ${JSON.stringify(join(ROOT, 'tsconfig.json'))} });`,
        `console.log('app process ' + process.pid);`,
        `require(${JSON.stringify(join(ROOT, 'src', 'main.ts'))});`,
      ].join('\n'),
    );
  });

  /** App processes started through npm, killed at the end should a test fail midway. */
  const started: number[] = [];

  afterAll(async () => {
    for (const pid of started) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    const lock = readPostmasterLock(dataDir);
    if (lock && isAlive(lock.pid)) process.kill(lock.pid, 'SIGQUIT');
    await rm(dir, { recursive: true, force: true });
  });

  const embeddedEnv = (extra: Record<string, string> = {}) =>
    baseEnv({ EMBEDDED_PG_DIR: dataDir, LOG_LEVEL: 'info', ...extra });

  /** `npm start` in the package above, on the embedded folder; resolves once it listens. */
  async function npmStart(
    port: number,
    asTerminalJob = false,
  ): Promise<{ npm: Child; appPid: number }> {
    const npm = spawnChild(
      'npm',
      ['start'],
      embeddedEnv({ PORT: String(port) }),
      packageDir,
      asTerminalJob,
    );
    killAfter(npm, 150_000);
    const [, pid] = await npm.waitFor(/app process (\d+)/);
    started.push(Number(pid));
    await npm.waitFor(/listening on/);
    return { npm, appPid: Number(pid) };
  }

  async function waitUntilGone(pid: number): Promise<boolean> {
    for (let i = 0; i < 100 && isAlive(pid); i += 1) await new Promise((r) => setTimeout(r, 100));
    return !isAlive(pid);
  }

  // Each test runs `npm start`, whose build and first start with the demo data take long on a
  // loaded 2-core machine.
  it('a server left running by a killed run is stopped at the next start, with a message', async () => {
    // A run that started the embedded server and was killed: its postgres keeps running.
    const killed = runTs('test/helpers/owned-postgres-process.ts', [dataDir], embeddedEnv());
    killAfter(killed, 60_000);
    await killed.waitFor(/@@owned \{"ok":true/);
    killed.process.kill('SIGKILL');
    await killed.exited;
    const stale = readPostmasterLock(dataDir);
    expect(stale && isAlive(stale.pid)).toBe(true);

    const port = await unusedPort();
    const { npm } = await npmStart(port);
    // (The log lines are written asynchronously: wait for them.)
    await npm.waitFor(
      new RegExp(
        `a stale server \\(pid ${stale?.pid}, port ${stale?.port}\\) was left running .*` +
          'stopping it and starting a fresh one',
      ),
    );
    expect(isAlive(stale?.pid ?? 0)).toBe(false);
    const fresh = readPostmasterLock(dataDir);
    expect(fresh?.pid).not.toBe(stale?.pid);
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);

    // The CLI beside it connects to the running server and leaves it running.
    const exported = runTs('src/cli/export.ts', ['--format', 'json'], embeddedEnv());
    killAfter(exported, 30_000);
    expect(await exported.exited).toEqual({ code: 0, signal: null });
    expect(exported.output()).toContain(
      `Embedded PostgreSQL of ${dataDir} is already running (pid ${fresh?.pid}`,
    );
    expect(exported.output()).toMatch(/Exported 0 students as json/);
    expect(isAlive(fresh?.pid ?? 0)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);

    // A CLI failure names its cause.
    const missing = join(dir, 'missing.csv');
    const failedImport = runTs('src/cli/import.ts', [missing], embeddedEnv());
    killAfter(failedImport, 30_000);
    expect((await failedImport.exited).code).toBe(2);
    expect(failedImport.output()).toContain(`Import failed: ENOENT: no such file or directory`);
    expect(failedImport.output()).not.toMatch(/undefined/);

    // SIGTERM to the npm process reaches the app, which stops its embedded server too.
    npm.process.kill('SIGTERM');
    const appPid = Number(npm.output().match(/app process (\d+)/)?.[1]);
    expect(await npm.exited).toEqual({ code: 0, signal: null });
    expect(await waitUntilGone(appPid)).toBe(true);
    expect(await waitUntilGone(fresh?.pid ?? 0)).toBe(true);
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
    expect(npm.output()).toMatch(/SIGTERM received: shutting down/);
    expect(npm.output()).toMatch(/exiting with 0/);
  }, 180_000);

  it('a lock file of a dead server does not block the start, and Ctrl-C drains before the server stops', async () => {
    // A postmaster.pid whose process is gone (a crash of the machine, say).
    const gone = spawnChild(process.execPath, ['-e', ''], baseEnv({}));
    await gone.exited;
    const deadPid = gone.process.pid ?? 0;
    await mkdir(dataDir, { recursive: true });
    await writeFile(
      join(dataDir, 'postmaster.pid'),
      `${deadPid}\n${dataDir}\n1700000000\n5432\n\n127.0.0.1\n0 0\nready\n`,
    );

    const port = await unusedPort();
    const { npm, appPid } = await npmStart(port, true);
    await npm.waitFor(
      new RegExp(`removing the stale postmaster.pid of .* \\(process ${deadPid} is not its server`),
    );
    const server = readPostmasterLock(dataDir);
    expect(server && isAlive(server.pid)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);

    // Ctrl-C in a terminal: SIGINT to every process of the foreground job at once. A request
    // in flight (its body half sent) that needs the database still gets its answer: the
    // embedded server, in a process group of its own, is stopped by the app after the drain.
    const login = JSON.stringify({ email: 'nobody@example.com', password: 'not-the-password' });
    let answer: (status: number) => void = () => undefined;
    const answered = new Promise<number>((resolve) => (answer = resolve));
    const inFlight = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/api/auth/login',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(login.length) },
      },
      (res) => {
        res.resume();
        answer(res.statusCode ?? 0);
      },
    );
    inFlight.on('error', () => answer(0));
    inFlight.write(login.slice(0, 10));
    await new Promise((r) => setTimeout(r, 500));
    process.kill(-(npm.process.pid ?? 0), 'SIGINT');
    await npm.waitFor(/SIGINT received/);
    await new Promise((r) => setTimeout(r, 500));
    inFlight.end(login.slice(10));
    expect(await answered).toBe(401);
    const exit = await npm.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await waitUntilGone(appPid)).toBe(true);
    expect(await waitUntilGone(server?.pid ?? 0)).toBe(true);
    expect(npm.output()).toMatch(/SIGINT received: shutting down/);
    expect(npm.output()).toMatch(/exiting with 0/);
  }, 180_000);

  it('a CLI that cannot reach its database says why', async () => {
    const failed = runTs(
      'src/cli/export.ts',
      [],
      baseEnv({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' }),
    );
    killAfter(failed, 30_000);
    expect((await failed.exited).code).toBe(2);
    expect(failed.output()).toMatch(/Export failed: .*ECONNREFUSED/);
    expect(failed.output()).not.toMatch(/undefined/);
  });
});
