import 'reflect-metadata';
import { InvalidConfigError } from './config/config.errors';
import { APP_CONFIG } from './config/app-config.token';
import type { AppConfig } from './config/app-config';
import { createApp } from './create-app';
import { guardAgainstDatabaseLoss } from './database/database-loss-guard';
import { describeStartupError } from './common/errors/describe-startup-error';

async function bootstrap(): Promise<void> {
  // A background query failing while the database is away must not end the process.
  guardAgainstDatabaseLoss();
  const app = await createApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.port);

  // Graceful shutdown: stop accepting, let in-flight requests finish, close the database
  // (and the embedded server), then exit 0.
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    console.log(`${signal} received: shutting down`);
    const force = setTimeout(() => {
      console.error('Shutdown took longer than 25 s; exiting');
      process.exit(1);
    }, 25_000);
    force.unref();
    app
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error('Shutdown failed', error);
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);

  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  console.log(`Student Performance API listening on ${url} (docs at ${url}/docs)`);
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof InvalidConfigError ? error.message : describeStartupError(error);
  console.error(`Startup failed: ${message}`);
  process.exit(1);
});
