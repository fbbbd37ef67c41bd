import { ConflictError, NotFoundError } from '../common/errors/common.errors';

export class OutboxMailNotFoundError extends NotFoundError {
  override readonly code = 'mail_not_found';
  constructor() {
    super('No such mail in the outbox.');
  }
}

/** Only a mail that was given up can be retried (pending ones are retried anyway). */
export class OutboxMailNotFailedError extends ConflictError {
  override readonly code = 'mail_not_failed';
  constructor(status: string) {
    super(`Only a failed mail can be retried; this one is ${status}.`);
  }
}

/** The body of a given-up mail is erased after its retention; there is nothing left to send. */
export class OutboxMailExpiredError extends ConflictError {
  override readonly code = 'mail_expired';
  constructor() {
    super('The body of this mail has been erased (retention ended); it can no longer be sent.');
  }
}
