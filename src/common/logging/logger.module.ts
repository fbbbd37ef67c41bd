import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type LogFn, stdSerializers, stdTimeFunctions } from 'pino';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { requestIdOf } from '../http/request-id';
import { logTransport } from './log-transport';
import { requestLogFields, requestLogMessage } from './request-log-line';
import { requestLineLevel } from './request-line-level';
import { isStartupNoise } from './startup-noise';

const VERBOSE_LEVELS = new Set(['debug', 'trace']);

/**
 * Logs (pino): JSON lines with ISO times and level names, readable lines in a development
 * terminal. One concise line per request (method, route, status, duration, request id, user
 * id; never headers or bodies), secrets redacted, and no framework noise at start-up.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.logLevel,
          transport: logTransport(config.nodeEnv),
          timestamp: stdTimeFunctions.isoTime,
          formatters: { level: (label: string) => ({ level: label }) },
          hooks: {
            logMethod(this: unknown, args: Parameters<LogFn>, method: LogFn, level: number) {
              if (!VERBOSE_LEVELS.has(config.logLevel) && isStartupNoise(args, level)) return;
              method.apply(this, args);
            },
          },
          // pino-http takes `req.id`, set with the request context (openRequestContext).
          genReqId: (req) => requestIdOf(req),
          customAttributeKeys: { reqId: 'request_id' },
          // No line logs pino-http's request or response object (the request line is
          // requestLogFields), yet it serializes the request, every header included, into a
          // child logger at the start of each request (request logging as a whole measured at
          // about a fifth of a read's CPU time). Errors keep the standard serializer.
          wrapSerializers: false,
          serializers: { err: stdSerializers.err, req: () => undefined, res: () => undefined },
          // Log lines written while handling a request carry its id, not the whole request.
          quietReqLogger: true,
          quietResLogger: true,
          autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health/') },
          customSuccessObject: (req: IncomingMessage, res: ServerResponse, value: unknown) =>
            requestLogFields(req, res, (value as { responseTime: number }).responseTime),
          customErrorObject: (
            req: IncomingMessage,
            res: ServerResponse,
            _error: unknown,
            value: unknown,
          ) => requestLogFields(req, res, (value as { responseTime: number }).responseTime),
          customSuccessMessage: (req: IncomingMessage, res: ServerResponse, ms: number) =>
            requestLogMessage(req, res, ms),
          customErrorMessage: (
            req: IncomingMessage,
            res: ServerResponse,
            _error: Error,
            // pino-http passes the response time too, though its types do not say so.
            ms?: number,
          ) => requestLogMessage(req, res, ms ?? 0),
          // 'silent' when the line's level is below LOG_LEVEL: pino-http then builds nothing
          // (it works out a line's fields and message before the logger drops it).
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: unknown) =>
            requestLineLevel(error || res.statusCode >= 500 ? 'error' : 'info', config.logLevel),
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
        },
      }),
    }),
  ],
})
export class AppLoggerModule {}
