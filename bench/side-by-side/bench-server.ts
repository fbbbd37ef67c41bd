import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { openSync, readFileSync } from 'node:fs';

/** A server the benchmark started in a process of its own. */
export interface BenchServer {
  base: string;
  pid: number;
  stop(): Promise<void>;
}

/** Stops `child` with SIGTERM, then SIGKILL after 30 s. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

/** Polls `url` until it answers 200, the child exits, or `timeoutMs` passes. */
async function waitFor(url: string, child: ChildProcess, timeoutMs: number, log: string) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) break;
    const ok = await fetch(url)
      .then((res) => res.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stopChild(child);
  throw new Error(`${url} never answered 200; log:\n${readFileSync(log, 'utf8').slice(-4000)}`);
}

/**
 * Starts `script` with `execArgv` and `env` in its own process, its output in `log`. The server
 * is ready when `readyPath` answers 200 on `port`, or, with no port, when it sends `{ port }`
 * over IPC.
 */
export async function startBenchServer(options: {
  script: string;
  execArgv: string[];
  env: NodeJS.ProcessEnv;
  log: string;
  port?: number;
  readyPath?: string;
}): Promise<BenchServer> {
  const out = openSync(options.log, 'a');
  const child = fork(options.script, [], {
    execArgv: options.execArgv,
    env: options.env,
    stdio: ['ignore', out, out, 'ipc'],
  });
  let port = options.port;
  if (port === undefined) {
    const [message] = (await once(child, 'message')) as [{ port: number }];
    port = message.port;
  }
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}${options.readyPath ?? '/'}`, child, 300_000, options.log);
  return { base, pid: child.pid ?? 0, stop: () => stopChild(child) };
}
