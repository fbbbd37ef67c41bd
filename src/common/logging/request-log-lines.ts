import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { requestIdOf } from '../http/request-id';
import { requestLineLevel } from './request-line-level';
import { requestLogFields, requestLogMessage } from './request-log-line';

/**
 * One line per request once its response is done (or its connection gone): method, declared
 * route, status, duration, request id and user id, never headers or bodies; `error` for a 5xx,
 * `info` otherwise, nothing below LOG_LEVEL. The health probes are not logged.
 */
export function logRequestLines(
  logger: Logger,
  threshold: string,
): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    if (req.url.startsWith('/health/')) return next();
    const started = Date.now();
    res.once('close', () => {
      const level = requestLineLevel(res.statusCode >= 500 ? 'error' : 'info', threshold);
      if (level === 'silent') return;
      const ms = Date.now() - started;
      logger[level](
        { request_id: requestIdOf(req), ...requestLogFields(req, res, ms) },
        requestLogMessage(req, res, ms),
      );
    });
    next();
  };
}
