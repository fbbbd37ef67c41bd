import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { basename, resolve } from 'node:path';

/** What a data folder's `postmaster.pid` says about the server that holds it. */
export interface PostmasterLock {
  pid: number;
  dataDir: string;
  port: number;
}

/**
 * The state of an embedded data folder:
 * - `free`: no server holds it;
 * - `dead`: a `postmaster.pid` is left but its process is gone (or is not that folder's server);
 * - `running`: its server runs; `ownerPid` is the live Node process that started it, or
 *   undefined when that process is gone (a run killed without stopping it left it behind).
 */
export type PostmasterState =
  | { state: 'free' }
  | { state: 'dead'; lock: PostmasterLock }
  | { state: 'running'; lock: PostmasterLock; ownerPid: number | undefined };

/** Reads `<dataDir>/postmaster.pid` (line 1 pid, line 2 data folder, line 4 port). */
export function readPostmasterLock(dataDir: string): PostmasterLock | undefined {
  let text: string;
  try {
    text = readFileSync(resolve(dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, dataDir: lines[1] ?? '', port: Number.isInteger(port) ? port : 0 };
}

/** Whether `pid` is a running process (a zombie, exited but not reaped yet, is not). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** argv of a process (Linux /proc, else `ps`), or undefined when it cannot be read. */
function commandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    try {
      const out = execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
      return out.trim() ? out.trim().split(/\s+/) : undefined;
    } catch {
      return undefined;
    }
  }
}

function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    try {
      const out = execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' });
      const ppid = Number(out.trim());
      return Number.isInteger(ppid) && ppid > 0 ? ppid : undefined;
    } catch {
      return undefined;
    }
  }
}

function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}

/** Whether `pid` is a postgres postmaster serving `dataDir`. */
function isPostgresOf(pid: number, dataDir: string, lock: PostmasterLock): boolean {
  const argv = commandLine(pid);
  if (!argv) return samePath(lock.dataDir, dataDir);
  if (!/^postgres(\.exe)?$/.test(basename(argv[0] ?? ''))) return false;
  const d = argv.indexOf('-D');
  return d >= 0 && argv[d + 1] !== undefined ? samePath(argv[d + 1], dataDir) : true;
}

/** Who holds the embedded data folder `dataDir`, from its `postmaster.pid` and the processes. */
export function inspectPostmaster(dataDir: string): PostmasterState {
  const lock = readPostmasterLock(dataDir);
  if (!lock) return { state: 'free' };
  if (!isAlive(lock.pid) || !isPostgresOf(lock.pid, dataDir, lock)) return { state: 'dead', lock };
  const ppid = parentPid(lock.pid);
  const owner =
    ppid !== undefined &&
    ppid > 1 &&
    isAlive(ppid) &&
    /node/i.test(basename(commandLine(ppid)?.[0] ?? ''))
      ? ppid
      : undefined;
  return { state: 'running', lock, ownerPid: owner };
}

/**
 * Stops a postmaster with a fast shutdown (SIGINT: sessions are ended, data is safe), escalating
 * to an immediate shutdown (SIGQUIT) when it is still there after `timeoutMs`.
 */
export async function stopPostmaster(pid: number, timeoutMs = 15_000): Promise<void> {
  const gone = async (ms: number) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (!isAlive(pid)) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return !isAlive(pid);
  };
  process.kill(pid, 'SIGINT');
  if (await gone(timeoutMs)) return;
  process.kill(pid, 'SIGQUIT');
  if (await gone(5_000)) return;
  throw new Error(`the PostgreSQL server (pid ${pid}) did not stop`);
}
