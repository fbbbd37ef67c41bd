import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_CONFIG } from './app-config.token';
import { loadConfig } from './load-config';

/**
 * @nestjs/config reads `.env` into the environment (never in tests); `loadConfig` then validates
 * it once, and everything else injects the typed `AppConfig` through `APP_CONFIG`.
 */
@Global()
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      ignoreEnvFile: process.env.NODE_ENV === 'test',
    }),
  ],
  providers: [{ provide: APP_CONFIG, useFactory: () => loadConfig(process.env) }],
  exports: [APP_CONFIG],
})
export class AppConfigModule {}
