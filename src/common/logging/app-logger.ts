import { ClsServiceManager } from 'nestjs-cls';
import { type LogFn, type Logger, pino, stdSerializers, stdTimeFunctions } from 'pino';
import type { AppConfig } from '../../config/app-config';
import { logTransport } from './log-transport';
import { isStartupNoise } from './startup-noise';

const VERBOSE_LEVELS = new Set(['debug', 'trace']);

/** The id of the request being handled, for every line logged while handling it. */
function requestIdBinding(): { request_id?: string } {
  const cls = ClsServiceManager.getClsService();
  const id = cls.isActive() ? cls.getId() : undefined;
  return id ? { request_id: id } : {};
}

/**
 * The root logger: JSON lines with ISO times and level names (readable lines in a development
 * terminal), the request id on every line logged while handling a request, secrets redacted,
 * errors with pino's standard serializer, and no framework noise at start-up.
 */
export function createAppLogger(config: AppConfig): Logger {
  return pino({
    level: config.logLevel,
    transport: logTransport(config.nodeEnv),
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    mixin: requestIdBinding,
    hooks: {
      logMethod(this: unknown, args: Parameters<LogFn>, method: LogFn, level: number) {
        if (!VERBOSE_LEVELS.has(config.logLevel) && isStartupNoise(args, level)) return;
        method.apply(this, args);
      },
    },
    serializers: { err: stdSerializers.err },
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
  });
}
