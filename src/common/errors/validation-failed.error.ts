import { DomainError, FieldError } from './domain-error';

/** Input that fails validation: 400 with one entry per offending field. */
export class ValidationFailedError extends DomainError {
  readonly status = 400;
  readonly code = 'validation_failed';
  readonly title = 'Validation Failed';

  constructor(
    errors: FieldError[],
    message = 'The request is not valid; see errors for each field.',
  ) {
    super(message, { errors });
  }
}
