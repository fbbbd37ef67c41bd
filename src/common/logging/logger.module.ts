import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { APP_CONFIG } from '../../config/app-config.token';
import { createAppLogger } from './app-logger';
import { APP_LOGGER } from './app-logger.token';

/** The root pino logger, made once from the config. */
@Module({
  providers: [{ provide: APP_LOGGER, inject: [APP_CONFIG], useFactory: createAppLogger }],
  exports: [APP_LOGGER],
})
class AppPinoModule {}

/**
 * Logs (pino, see createAppLogger): Nest's own logger writes through the root logger
 * (nestjs-pino's Logger), and configure-app mounts one concise line per request
 * (logRequestLines). nestjs-pino mounts no middleware: pino-http made two child loggers and
 * one more continuation-local store per request, to add the request id, which the root
 * logger takes from the request context instead.
 */
@Module({
  imports: [
    AppPinoModule,
    LoggerModule.forRootAsync({
      imports: [AppPinoModule],
      inject: [APP_LOGGER],
      useFactory: (logger: Logger) => ({ pinoHttp: { logger }, useExisting: true, forRoutes: [] }),
    }),
  ],
  exports: [AppPinoModule],
})
export class AppLoggerModule {}
