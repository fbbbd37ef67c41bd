import { type ChildProcess, spawn } from 'node:child_process';
import { Logger } from '@nestjs/common';
import * as argon2 from 'argon2';

/**
 * The nice value of the hashing process: its threads get the CPU when requests do not want it
 * (Linux gives a nice-10 thread about a tenth of a core that a nice-0 thread also wants), so
 * a flood of logins takes what is idle rather than a share of every request's time.
 */
export const ARGON2_NICE = 10;

/**
 * The hashing process: lowers its own priority before argon2 first runs (the worker threads it
 * then starts inherit it; on Linux the nice value is per thread), answers `hash` and `verify`
 * messages, and ends with its parent.
 */
const WORKER_SOURCE = `
'use strict';
const os = require('node:os');
try { os.setPriority(Number(process.argv[2])); } catch (error) { /* left at the parent's priority */ }
const argon2 = require(process.argv[1]);
process.on('disconnect', () => process.exit(0));
process.on('message', (message) => {
  const work = message.op === 'hash'
    ? argon2.hash(message.password, message.options)
    : argon2.verify(message.hash, message.password);
  work.then(
    (value) => process.send({ id: message.id, ok: true, value }),
    (error) => process.send({ id: message.id, ok: false, error: String(error && error.message) }),
  );
});
process.send({ ready: true });
`;

/** What the hashing process is given: cost parameters and the variant, no raw output. */
export interface HashOptions {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
  type: 0 | 1 | 2;
}

interface Reply {
  id?: number;
  ready?: boolean;
  ok?: boolean;
  value?: unknown;
  error?: string;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * argon2 in a child process of lower priority (ARGON2_NICE). Started at the first hash and
 * again after it ends; while it cannot be started at all, hashing runs in this process as
 * before (slower requests under a login flood, nothing refused).
 */
export class Argon2Process {
  private readonly logger = new Logger('PasswordHasher');
  private child: ChildProcess | undefined;
  private ready: Promise<ChildProcess | undefined> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped = false;
  /** The process could not be started: hashing stays in this process. */
  private unavailable = false;

  constructor(private readonly nice = ARGON2_NICE) {}

  /** The process id of the hashing process, once started. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** An encoded (PHC string) hash; `options` are plain numbers and the variant. */
  hash(password: string, options: HashOptions): Promise<string> {
    return this.run({ op: 'hash', password, options }, () =>
      argon2.hash(password, { ...options, raw: false }),
    );
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.run({ op: 'verify', hash, password }, () => argon2.verify(hash, password));
  }

  stop(): void {
    this.stopped = true;
    this.child?.kill();
    this.child = undefined;
    this.ready = undefined;
  }

  private async run<T>(message: Record<string, unknown>, inProcess: () => Promise<T>): Promise<T> {
    const child = this.stopped || this.unavailable ? undefined : await this.start();
    if (!child) return inProcess();
    const id = this.nextId++;
    const answer = new Promise<T>((resolve, reject) =>
      this.pending.set(id, { resolve: (value) => resolve(value as T), reject }),
    );
    child.channel?.ref();
    child.send({ ...message, id });
    return answer;
  }

  private start(): Promise<ChildProcess | undefined> {
    this.ready ??= new Promise((resolve) => {
      const child = spawn(
        process.execPath,
        ['-e', WORKER_SOURCE, require.resolve('argon2'), String(this.nice)],
        { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { PATH: process.env.PATH } },
      );
      let started = false;
      child.on('message', (reply: Reply) => {
        if (reply.ready) {
          started = true;
          this.child = child;
          this.idle(child);
          resolve(child);
          return;
        }
        const pending = reply.id === undefined ? undefined : this.pending.get(reply.id);
        if (!pending || reply.id === undefined) return;
        this.pending.delete(reply.id);
        if (reply.ok) pending.resolve(reply.value);
        else pending.reject(new Error(reply.error ?? 'argon2 failed'));
        this.idle(child);
      });
      let over = false;
      const ended = (reason: string) => {
        if (over) return;
        over = true;
        if (this.child === child) this.child = undefined;
        this.ready = undefined;
        for (const [id, pending] of this.pending) {
          this.pending.delete(id);
          pending.reject(new Error(`The password hashing process ended (${reason})`));
        }
        if (!started) {
          this.unavailable = true;
          this.logger.warn(`Cannot start the password hashing process (${reason}); hashing here`);
          resolve(undefined);
        } else if (!this.stopped) {
          this.logger.warn(`The password hashing process ended (${reason}); it starts again`);
        }
      };
      child.on('error', (error) => ended(error.message));
      child.on('exit', (code, signal) => ended(signal ?? `exit code ${code}`));
    });
    return this.ready;
  }

  /** With nothing pending, the child does not keep this process alive (CLIs, tests). */
  private idle(child: ChildProcess): void {
    if (this.pending.size === 0) {
      child.channel?.unref();
      child.unref();
    }
  }
}
