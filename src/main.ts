import 'reflect-metadata';
import { Logger } from '@nestjs/common';
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

  // Graceful shutdown on SIGTERM/SIGINT/SIGHUP, within SHUTDOWN_GRACE_SECONDS:
  // 1. drain HTTP: stop accepting, close idle keep-alive connections, answer what is in flight
  //    (and requests that still arrive on open connections) with `Connection: close`;
  // 2. Nest's shutdown hooks: background workers stop after their current item, TypeORM
  //    closes, then the embedded PostgreSQL stops.
  // Exit 0 when everything finished; 1 when the grace time ran out with work still running
  // (the remaining connections are then closed).
  const drain = new HttpDrain(app.getHttpServer());
  const graceMs = config.shutdownGraceSeconds * 1000;
  // The part of the grace time kept for the shutdown hooks after the HTTP drain.
  const hooksMs = Math.min(5_000, graceMs / 2);
  let closing = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<number> => {
    const started = Date.now();
    const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `${signal} received: shutting down (grace ${config.shutdownGraceSeconds} s, ` +
        `${drain.inFlight} requests in flight)`,
    );
    const deadline = setTimeout(() => {
      console.error(
        `Shutdown: the grace time (${config.shutdownGraceSeconds} s) ran out before the ` +
          'shutdown hooks finished; exiting with 1',
      );
      process.exit(1);
    }, graceMs);
    deadline.unref();
    drain.start();
    const drained = await drain.wait(graceMs - hooksMs);
    if (!drained) {
      console.error(
        `Shutdown: ${drain.inFlight} requests still running after ` +
          `${((graceMs - hooksMs) / 1000).toFixed(1)} s; closing their connections`,
      );
      drain.forceClose();
    } else {
      console.log(`Shutdown: every request finished (${seconds()} s)`);
    }
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
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      console.log(`${signal} received: already shutting down`);
      return;
    }
    closing = true;
    void shutdown(signal).then((code) => process.exit(code));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // The terminal went away: shut down the same way rather than die and leave the server behind.
  process.on('SIGHUP', onSignal);

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
