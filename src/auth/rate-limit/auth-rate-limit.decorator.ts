import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ProblemResponseDto } from '../../common/http/problem-response.dto';

export const AUTH_RATE_LIMIT_KEY = 'rate-limit:auth';

/**
 * Puts a route under the tight auth limits (per client IP and per account) on top of the
 * global default, and documents the 429.
 */
export function AuthRateLimit(): MethodDecorator {
  return applyDecorators(
    SetMetadata(AUTH_RATE_LIMIT_KEY, true),
    ApiTooManyRequestsResponse({
      description: 'Too many attempts from this address or for this account; see Retry-After.',
      type: ProblemResponseDto,
    }),
  );
}
