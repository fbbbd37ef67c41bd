import { ConflictError, NotFoundError } from '../common/errors/common.errors';

export class UserNotFoundError extends NotFoundError {
  override readonly code = 'user_not_found';
  constructor() {
    super('No such user.');
  }
}

export class EmailTakenError extends ConflictError {
  override readonly code = 'email_taken';
  constructor() {
    super('An account with this email already exists.');
  }
}

/** Demoting or deactivating the last active administrator would lock everyone out. */
export class LastAdministratorError extends ConflictError {
  override readonly code = 'last_administrator';
  constructor() {
    super('The last active administrator cannot be demoted or deactivated.');
  }
}
