import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { AuthenticatedUser } from '../auth/authenticated-user';
import { assignRequestId, requestIdOf } from '../http/request-id';

/** JSON logs (pino): one line per request with its id, user and route; secrets redacted. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.logLevel,
          genReqId: (req, res) => requestIdOf(req) || assignRequestId(req, res),
          customAttributeKeys: { reqId: 'request_id' },
          customProps: (req: IncomingMessage & { user?: AuthenticatedUser }) => ({
            user_id: req.user?.id,
          }),
          autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health/') },
          redact: {
            paths: [
              'req.headers.authorization',
              'req.headers.cookie',
              'req.headers["x-csrf-token"]',
              'res.headers["set-cookie"]',
              '*.password',
              '*.refresh_token',
              '*.access_token',
              '*.token',
            ],
            censor: '[redacted]',
          },
          serializers: {
            req: (req: { id: unknown; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url.split('?')[0],
            }),
          },
        },
      }),
    }),
  ],
})
export class AppLoggerModule {}
