import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { IS_PUBLIC_KEY, ROLES_KEY } from '../auth/access-metadata';
import { AuthenticatedUser } from '../auth/authenticated-user';
import { Role } from '../auth/role';
import { isDatabaseUnavailable } from '../../database/database-unavailable';
import { ForbiddenError, UnauthenticatedError } from '../errors/common.errors';
import { refuseStrayMultipart } from '../http/multipart-body';

/**
 * The one global guard: public routes pass; every other route needs a valid access token of a
 * live session (the `jwt` passport strategy of the auth module), and the caller's role must be
 * among those the route declares with `@Access`. A route that declares nothing is refused:
 * access is denied by default. Once access is granted, a multipart body on a route that takes
 * none is a 415 (refuseStrayMultipart).
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) {
      refuseStrayMultipart(this.reflector, context);
      return true;
    }
    await super.canActivate(context);
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const user = request.user;
    if (!user) throw new UnauthenticatedError('Authentication is required.');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0) {
      throw new ForbiddenError('This route declares no access and is closed to everyone.');
    }
    if (!roles.includes(user.role)) throw new ForbiddenError('Your role may not use this route.');
    refuseStrayMultipart(this.reflector, context);
    return true;
  }

  override handleRequest<TUser = AuthenticatedUser>(err: unknown, user: TUser | false): TUser {
    // The session could not be read: the database is down (503), not the token bad (401).
    if (isDatabaseUnavailable(err)) throw err;
    if (
      err instanceof Error &&
      !(err.name === 'JsonWebTokenError' || err.name === 'TokenExpiredError')
    ) {
      throw err;
    }
    if (err || !user) {
      throw new UnauthenticatedError(
        'A valid access token is required (Authorization: Bearer <token>).',
      );
    }
    return user;
  }
}
