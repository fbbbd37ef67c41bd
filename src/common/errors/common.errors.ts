import { DomainError } from './domain-error';

/** Generic errors shared by several modules; modules declare their own in `<feature>.errors.ts`. */
export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code: string = 'not_found';
  readonly title = 'Not Found';
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly code: string = 'conflict';
  readonly title = 'Conflict';
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code: string = 'forbidden';
  readonly title = 'Forbidden';
}

export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  readonly code: string = 'unauthenticated';
  readonly title = 'Unauthorized';
}

export class BadRequestError extends DomainError {
  readonly status = 400;
  readonly code: string = 'bad_request';
  readonly title = 'Bad Request';
}

export class UnprocessableError extends DomainError {
  readonly status = 422;
  readonly code: string = 'unprocessable';
  readonly title = 'Unprocessable Content';
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly code: string = 'payload_too_large';
  readonly title = 'Content Too Large';
}

export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
  readonly code: string = 'service_unavailable';
  readonly title = 'Service Unavailable';
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly code: string = 'unsupported_media_type';
  readonly title = 'Unsupported Media Type';
}
