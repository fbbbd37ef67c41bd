import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ProblemResponseDto } from '../../common/http/problem-response.dto';

export const AUTH_RATE_LIMIT_KEY = 'rate-limit:auth';

/**
 * Puts a route under the tight auth limits (per client IP and per account) on top of the
 * global default, and documents the 429. `'login'`: per client IP only here; its failures are
 * counted per account and client by LoginAttempts instead of a per-account request limit.
 */
export function AuthRateLimit(kind: 'account' | 'login' = 'account'): MethodDecorator {
  return applyDecorators(
    SetMetadata(AUTH_RATE_LIMIT_KEY, kind),
    ApiTooManyRequestsResponse({
      description:
        kind === 'login'
          ? 'Too many requests from this address, or too many failed logins for this email from this client (or, once the email has failed from many clients, any failure from this one); see Retry-After. The same for every email, known or not.'
          : 'Too many attempts from this address or for this account; see Retry-After.',
      type: ProblemResponseDto,
    }),
  );
}
