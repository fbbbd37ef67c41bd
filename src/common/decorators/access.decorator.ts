import { applyDecorators, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtension,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { IS_PUBLIC_KEY, ROLES_KEY } from '../auth/access-metadata';
import { Role } from '../auth/role';
import { ProblemResponseDto } from '../http/problem-response.dto';

const ROLE_LABEL: Record<Role, string> = {
  student: 'student',
  teacher: 'teacher',
  administrator: 'administrator',
};

/**
 * Declares who may call a route, once: the role guard reads it, the JWT guard is global, and
 * the OpenAPI document gets the security requirement, the roles (`x-roles`) and the 401/403
 * problems. A route without `@Access` is refused by the guard (deny by default).
 */
export function Access(...roles: Role[]): MethodDecorator & ClassDecorator {
  const who = roles.map((r) => ROLE_LABEL[r]).join(', ');
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth('bearer'),
    ApiExtension('x-roles', roles),
    ApiUnauthorizedResponse({
      description: 'Missing, invalid or expired access token.',
      type: ProblemResponseDto,
    }),
    ApiForbiddenResponse({ description: `Only for: ${who}.`, type: ProblemResponseDto }),
    // Every authenticated route is under the global rate limit.
    ApiTooManyRequestsResponse({
      description: 'Rate limited; retry after the Retry-After header’s seconds.',
      type: ProblemResponseDto,
    }),
  );
}

/** A route anyone may call without a token (health, docs, the public auth routes). */
export function PublicAccess(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(IS_PUBLIC_KEY, true),
    ApiSecurity({}),
    ApiExtension('x-roles', ['public']),
  );
}
