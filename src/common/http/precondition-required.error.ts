import { DomainError } from '../errors/domain-error';

/** 428: this server requires `If-Match` on writes to a versioned resource (REQUIRE_IF_MATCH). */
export class PreconditionRequiredError extends DomainError {
  readonly status = 428;
  readonly code = 'precondition_required';
  readonly title = 'Precondition Required';

  constructor() {
    super(
      'This change needs an If-Match header with the ETag of the resource as last read (GET it first); nothing was changed.',
    );
  }
}
