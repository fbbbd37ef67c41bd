import 'reflect-metadata';
import { InvalidConfigError } from './config/config.errors';
import { APP_CONFIG } from './config/app-config.token';
import { AppConfig } from './config/app-config';
import { createApp } from './create-app';
import { describeStartupError } from './common/errors/describe-startup-error';

async function bootstrap(): Promise<void> {
  const app = await createApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.port);
  const url = await app.getUrl();
  console.log(
    `Student Performance API listening on ${url.replace('[::1]', 'localhost')} (docs at /docs)`,
  );
}

bootstrap().catch((error: unknown) => {
  const message = error instanceof InvalidConfigError ? error.message : describeStartupError(error);
  console.error(`Startup failed: ${message}`);
  process.exit(1);
});
