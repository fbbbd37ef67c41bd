import { DomainError } from '../errors/domain-error';

/** 412: the resource changed since the `If-Match` entity tag was read. */
export class PreconditionFailedError extends DomainError {
  readonly status = 412;
  readonly code = 'precondition_failed';
  readonly title = 'Precondition Failed';

  constructor(what: string) {
    super(
      `The ${what} changed since the If-Match entity tag was read (or If-Match names no current tag); nothing was changed. GET it again for its current ETag.`,
    );
  }
}
