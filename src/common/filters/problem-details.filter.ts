import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  Inject,
  Logger,
  Optional,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { describeDatabaseError } from '../../database/describe-database-error';
import { isDatabaseUnavailable } from '../../database/database-unavailable';
import { DomainError, FieldError } from '../errors/domain-error';
import { HTTP_STATUS_PROBLEMS } from '../http/http-status-codes';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problemType } from '../http/problem-details';
import { requestIdOf } from '../http/request-id';

const DATABASE_UNAVAILABLE = 'database_unavailable';

interface Mapped {
  status: number;
  code: string;
  title: string;
  detail: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  extensions?: Record<string, unknown>;
}

function fromHttpException(exception: HttpException): Mapped {
  const status = exception.getStatus();
  const known = HTTP_STATUS_PROBLEMS[status] ?? HTTP_STATUS_PROBLEMS[status >= 500 ? 500 : 400];
  const response = exception.getResponse();
  let detail = exception.message;
  if (typeof response === 'object' && response !== null && 'message' in response) {
    const message = response.message;
    if (typeof message === 'string') detail = message;
    else if (Array.isArray(message)) detail = message.map(String).join('; ');
  }
  if (status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /.test(detail)) {
    detail = `No route matches ${detail.replace(/^Cannot /, '')}`;
  }
  if (status === 429) detail = 'Too many requests; retry after the time given in Retry-After.';
  return {
    status,
    code: known.code,
    title: known.title,
    detail: status >= 500 ? known.title : detail,
  };
}

/**
 * What the log of a 500 says about its error: the name, message and stack, and for an error
 * from the database (or one wrapping it) only the driver's summary. Never the error's other
 * properties: TypeORM attaches the SQL and its `parameters` (personal data, password hashes),
 * body parsers the request body.
 */
export function describeUnhandledError(exception: unknown): Record<string, unknown> {
  if (typeof exception !== 'object' || exception === null) return { message: String(exception) };
  const e = exception as Record<string, unknown>;
  const fromDatabase = 'query' in e || 'parameters' in e || 'driverError' in e;
  return {
    type: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message.slice(0, 300) : undefined,
    stack: typeof e.stack === 'string' ? e.stack : undefined,
    ...(fromDatabase || e.cause !== undefined
      ? { db_error: describeDatabaseError(exception) }
      : {}),
  };
}

/**
 * The one place where errors become HTTP responses: every error leaves as RFC 9457
 * problem+json. Unknown errors become a 500 whose body says nothing internal; the log has the
 * stack and the same request id.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');
  private readonly retryAfterSeconds: number;

  constructor(@Optional() @Inject(APP_CONFIG) config?: AppConfig) {
    this.retryAfterSeconds = config?.database.unavailableRetryAfterSeconds ?? 5;
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<Request>();
    const response = ctx.getResponse<Response>();
    const mapped = this.map(exception);
    const requestId = requestIdOf(request);
    // The path without its query: a query may carry a one-time token or personal data.
    const route = `${request.method} ${request.originalUrl?.split('?')[0] ?? ''}`;
    if (mapped.code === DATABASE_UNAVAILABLE) {
      // An outage, not a bug: a warning, and only the driver's own error (never the SQL or its
      // parameters, which may hold personal data or password hashes).
      this.logger.warn(
        {
          db_error: describeDatabaseError(exception),
          request_id: requestId,
          route,
        },
        'Database unavailable',
      );
    } else if (mapped.status >= 500) {
      this.logger.error(
        {
          err: describeUnhandledError(exception),
          request_id: requestId,
          route,
        },
        'Unhandled error',
      );
    }
    if (response.headersSent) return;
    const body: ProblemDetails & Record<string, unknown> = {
      ...mapped.extensions,
      type: problemType(mapped.code),
      title: mapped.title,
      status: mapped.status,
      detail: mapped.detail,
      instance: request.originalUrl?.split('?')[0] ?? '',
      code: mapped.code,
      request_id: requestId,
      ...(mapped.errors ? { errors: mapped.errors } : {}),
    };
    for (const [name, value] of Object.entries(mapped.headers ?? {}))
      response.setHeader(name, value);
    response.status(mapped.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  private map(exception: unknown): Mapped {
    if (exception instanceof DomainError) {
      return {
        status: exception.status,
        code: exception.code,
        title: exception.title,
        detail: exception.message,
        errors: exception.errors,
        headers: exception.headers,
        extensions: exception.extensions,
      };
    }
    if (exception instanceof HttpException) return fromHttpException(exception);
    if (isDatabaseUnavailable(exception)) {
      return {
        status: 503,
        code: DATABASE_UNAVAILABLE,
        title: 'Database Unavailable',
        detail:
          'The database cannot be reached or did not answer in time, so the request could not ' +
          'be completed. Retry after the number of seconds in Retry-After.',
        headers: { 'Retry-After': String(this.retryAfterSeconds) },
      };
    }
    return {
      status: 500,
      code: 'internal_error',
      title: 'Internal Server Error',
      detail: 'An unexpected error occurred. Quote the request_id when reporting it.',
    };
  }
}
