import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/** How a child process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process with its collected output and a promise of its exit. */
export interface Child {
  process: ChildProcess;
  output(): string;
  exited: Promise<Exit>;
  /** Resolves with the first match of `pattern` in the output (rejects if the child exits). */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
}

/** The environment a child app or CLI starts from: nothing of the test's own but PATH. */
export function baseEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
    NODE_ENV: 'test',
    SEED_DEMO: 'false',
    // Info: the tests wait for the start-up's "Ready on … (listening on …)" line.
    LOG_LEVEL: 'info',
    ...env,
  };
}

/** Spawns `command args` and collects stdout and stderr together. */
export function spawnChild(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = ROOT,
  /** In a process group of its own, as a terminal's foreground job (see `kill(-pid)`). */
  detached = false,
): Child {
  const child = spawn(command, args, { cwd, env, detached, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<Exit>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = output.match(pattern);
        if (match) {
          listeners.delete(check);
          resolve(match);
        }
      };
      listeners.add(check);
      check();
      void exited.then((exit) => {
        listeners.delete(check);
        reject(
          new Error(`exited (${exit.code ?? exit.signal}) before ${pattern}; output:\n${output}`),
        );
      });
    });
  return { process: child, output: () => output, exited, waitFor };
}

/** `node -r ts-node/register/transpile-only <file> args`: a real entry point from src/. */
export function runTs(file: string, args: string[], env: NodeJS.ProcessEnv): Child {
  return spawnChild(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(ROOT, file), ...args],
    env,
  );
}

/** Sends SIGKILL if the child is still running after `ms` (a test never leaves one behind). */
export function killAfter(child: Child, ms: number): () => void {
  const timer = setTimeout(() => child.process.kill('SIGKILL'), ms);
  void child.exited.then(() => clearTimeout(timer));
  return () => clearTimeout(timer);
}
