import {
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  ServiceUnavailableError,
  UnauthenticatedError,
} from '../common/errors/common.errors';
import { DomainError } from '../common/errors/domain-error';

/** Wrong email or password: one message for both, so the answer tells nothing about the account. */
export class InvalidCredentialsError extends UnauthenticatedError {
  override readonly code = 'invalid_credentials';
  constructor() {
    super('The email or password is incorrect.');
  }
}

export class EmailNotVerifiedError extends ForbiddenError {
  override readonly code = 'email_not_verified';
  constructor() {
    super(
      'Confirm your email address first: follow the link we sent, or ask for a new one at /api/auth/resend-verification.',
    );
  }
}

export class AccountDisabledError extends ForbiddenError {
  override readonly code = 'account_disabled';
  constructor() {
    super('This account is deactivated.');
  }
}

export class InvalidRefreshTokenError extends UnauthenticatedError {
  override readonly code = 'invalid_refresh_token';
  constructor(message = 'The refresh token is invalid, expired or already used.') {
    super(message);
  }
}

export class RefreshTokenReusedError extends UnauthenticatedError {
  override readonly code = 'refresh_token_reused';
  constructor() {
    super('This refresh token was already used; the session has been ended. Log in again.');
  }
}

export class SessionEndedError extends UnauthenticatedError {
  override readonly code = 'session_ended';
  constructor() {
    super('The session of this access token has ended. Log in again.');
  }
}

/** An emailed verification or reset token that is unknown, expired, used or for another purpose. */
export class InvalidOneTimeTokenError extends BadRequestError {
  override readonly code = 'invalid_token';
  constructor() {
    super('The token is invalid, expired or already used. Request a new one.');
  }
}

export class CsrfFailedError extends ForbiddenError {
  override readonly code = 'csrf_failed';
  constructor() {
    super(
      'Requests that use the refresh cookie need the x-csrf-token header: the csrf_token cookie set with that refresh cookie.',
    );
  }
}

export class RoleRequiresAdministratorError extends ForbiddenError {
  override readonly code = 'forbidden';
  constructor() {
    super('Only an administrator may register accounts with a role other than student.');
  }
}

export class SessionNotFoundError extends NotFoundError {
  override readonly code = 'session_not_found';
  constructor() {
    super('No such session.');
  }
}

export class InvalidCurrentPasswordError extends BadRequestError {
  override readonly code = 'invalid_current_password';
  constructor() {
    super('The current password is incorrect.', {
      errors: [{ field: 'current_password', message: 'is incorrect' }],
    });
  }
}

/** 429 with Retry-After (seconds). */
export class RateLimitedError extends DomainError {
  readonly status = 429;
  readonly code = 'rate_limited';
  readonly title = 'Too Many Requests';
  constructor(retryAfterSeconds: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(`Too many requests; retry after ${seconds} seconds.`, {
      headers: { 'Retry-After': String(seconds) },
    });
  }
}

/** Password hashing is at its bound (running and queued): 503 at once with Retry-After. */
export class PasswordHashingBusyError extends ServiceUnavailableError {
  override readonly code = 'server_busy';
  constructor(retryAfterSeconds = 1) {
    super('The server is busy checking passwords; retry shortly.', {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}
