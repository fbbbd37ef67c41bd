import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { appConfigNamespace } from './app-config.namespace';
import { APP_CONFIG } from './app-config.token';

/**
 * @nestjs/config reads `.env` into the environment (never in tests) and then builds the `app`
 * namespace once with `loadConfig` (a zod schema over the environment); everything else injects
 * the typed `AppConfig` through `APP_CONFIG`.
 */
@Global()
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      ignoreEnvFile: process.env.NODE_ENV === 'test',
      load: [appConfigNamespace],
    }),
  ],
  providers: [{ provide: APP_CONFIG, useExisting: appConfigNamespace.KEY }],
  exports: [APP_CONFIG],
})
export class AppConfigModule {}
