import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { InvalidConfigError } from './config/config.errors';
import { APP_CONFIG } from './config/app-config.token';
import type { AppConfig } from './config/app-config';
import { createApp } from './create-app';
import { guardAgainstDatabaseLoss } from './database/database-loss-guard';
import { describeStartupError } from './common/errors/describe-startup-error';
import { describeError } from './common/errors/describe-error';
import { HttpDrain } from './common/http/http-drain';

async function bootstrap(): Promise<void> {
  // A background query failing while the database is away must not end the process.
  guardAgainstDatabaseLoss();
  const app = await createApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.port);
  shutDownOnSignals(app, config);
  await logReady(app, config);
}

/**
 * Graceful shutdown on SIGTERM/SIGINT/SIGHUP, within SHUTDOWN_GRACE_SECONDS:
 * 1. drain HTTP: stop accepting, close idle keep-alive connections, answer what is in flight
 *    (and requests that still arrive on open connections) with `Connection: close`;
 * 2. Nest's shutdown hooks: background workers stop after their current item, TypeORM
 *    closes, then the embedded PostgreSQL stops.
 * Exit 0 when everything finished; 1 when the grace time ran out with work still running
 * (the remaining connections are then closed).
 */
function shutDownOnSignals(app: NestExpressApplication, config: AppConfig): void {
  const drain = new HttpDrain(app.getHttpServer());
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      console.log(`${signal} received: already shutting down`);
      return;
    }
    closing = true;
    void shutdown(app, drain, config, signal).then((code) => process.exit(code));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // The terminal went away: shut down the same way rather than die and leave the server behind.
  process.on('SIGHUP', onSignal);
}

/** One shutdown: the HTTP drain, then the shutdown hooks; resolves with the exit code. */
async function shutdown(
  app: NestExpressApplication,
  drain: HttpDrain,
  config: AppConfig,
  signal: NodeJS.Signals,
): Promise<number> {
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `${signal} received: shutting down (grace ${config.shutdownGraceSeconds} s, ` +
      `${drain.inFlight} requests in flight)`,
  );
  const graceMs = config.shutdownGraceSeconds * 1000;
  exitWhenGraceRunsOut(config.shutdownGraceSeconds);
  // The part of the grace time kept for the shutdown hooks after the HTTP drain.
  const hooksMs = Math.min(5_000, graceMs / 2);
  const drained = await drainHttp(drain, graceMs - hooksMs, seconds);
  try {
    await app.close();
  } catch (error: unknown) {
    console.error(`Shutdown: a shutdown hook failed: ${describeError(error)}`);
    return 1;
  }
  console.log(
    drained
      ? `Shutdown complete in ${seconds()} s; exiting with 0`
      : `Shutdown complete in ${seconds()} s, but requests were cut off; exiting with 1`,
  );
  return drained ? 0 : 1;
}

/** The last resort: exit with 1 if the whole shutdown takes longer than the grace time. */
function exitWhenGraceRunsOut(graceSeconds: number): void {
  const deadline = setTimeout(() => {
    console.error(
      `Shutdown: the grace time (${graceSeconds} s) ran out before the ` +
        'shutdown hooks finished; exiting with 1',
    );
    process.exit(1);
  }, graceSeconds * 1000);
  // It must not keep the process alive once everything else has finished.
  deadline.unref();
}

/**
 * Drains HTTP for at most `drainMs`, then cuts off the connections of requests still running.
 * Resolves with whether every request finished in time.
 */
async function drainHttp(
  drain: HttpDrain,
  drainMs: number,
  seconds: () => string,
): Promise<boolean> {
  drain.start();
  const drained = await drain.wait(drainMs);
  if (!drained) {
    console.error(
      `Shutdown: ${drain.inFlight} requests still running after ` +
        `${(drainMs / 1000).toFixed(1)} s; closing their connections`,
    );
    drain.forceClose();
  } else {
    console.log(`Shutdown: every request finished (${seconds()} s)`);
  }
  return drained;
}

/** The start-up's last lines: where the secrets come from, and where the service listens. */
async function logReady(app: NestExpressApplication, config: AppConfig): Promise<void> {
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  const logger = new Logger('Startup');
  if (config.secretsFile) {
    logger.log(
      `Secrets not set in the environment are the generated ones kept in ${config.secretsFile}`,
    );
  }
  logger.log(
    `Ready on ${url}/docs (listening on ${url}: the API under /api, probes at /health/live and /health/ready)`,
  );
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof InvalidConfigError ? error.message : describeStartupError(error);
  console.error(`Startup failed: ${message}`);
  process.exit(1);
});
