import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import passport from 'passport';
import { IS_PUBLIC_KEY, ROLES_KEY } from '../auth/access-metadata';
import { AuthenticatedUser } from '../auth/authenticated-user';
import { Role } from '../auth/role';
import { isDatabaseUnavailable } from '../../database/database-unavailable';
import { ForbiddenError, UnauthenticatedError } from '../errors/common.errors';
import { refuseStrayMultipart, takesMultipart } from '../http/multipart-body';

/** What a route declares about who may call it, read once from its metadata. */
interface RouteAccess {
  controller: object;
  isPublic: boolean;
  roles: readonly Role[] | undefined;
  multipart: boolean;
}

/** passport's options for the `jwt` strategy: no login session, as AuthGuard's defaults. */
const AUTHENTICATE_OPTIONS = Object.freeze({ session: false });

type AuthenticatedRequest = Request & { user?: AuthenticatedUser };

/**
 * The one global guard: public routes pass; every other route needs a valid access token of a
 * live session (the `jwt` passport strategy of the auth module), and the caller's role must be
 * among those the route declares with `@Access`. A route that declares nothing is refused:
 * access is denied by default. Once access is granted, a multipart body on a route that takes
 * none is a 415 (refuseStrayMultipart).
 *
 * It runs passport.authenticate('jwt') itself, as @nestjs/passport's AuthGuard does (the user
 * on `request.user`, the strategy's info on `request.authInfo`), with one promise per request
 * and fixed options. What a route declares is read from its metadata once per handler.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly routes = new WeakMap<object, RouteAccess>();

  constructor(private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.routeAccess(context);
    if (access.isPublic) {
      refuseStrayMultipart(context, access.multipart);
      return true;
    }
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const user = await this.authenticate(request, http.getResponse<Response>());
    request.user = user;
    if (!user) throw new UnauthenticatedError('Authentication is required.');
    const roles = access.roles;
    if (!roles || roles.length === 0) {
      throw new ForbiddenError('This route declares no access and is closed to everyone.');
    }
    if (!roles.includes(user.role)) throw new ForbiddenError('Your role may not use this route.');
    refuseStrayMultipart(context, access.multipart);
    return true;
  }

  /** The verdict of the `jwt` strategy, through passport, as handleRequest settles it. */
  private authenticate(
    request: AuthenticatedRequest,
    response: Response,
  ): Promise<AuthenticatedUser | undefined> {
    return new Promise((resolve, reject: (reason: Error) => void) => {
      const middleware = passport.authenticate(
        'jwt',
        AUTHENTICATE_OPTIONS,
        (err: unknown, user: AuthenticatedUser | false, info: unknown) => {
          request.authInfo = info as Express.AuthInfo | undefined;
          try {
            resolve(this.handleRequest(err, user));
          } catch (error) {
            reject(error as Error);
          }
        },
      ) as (req: Request, res: Response, next: (err?: unknown) => void) => void;
      middleware(request, response, (err?: unknown) =>
        err ? reject(err as Error) : resolve(undefined),
      );
    });
  }

  /** The route's declarations, from its handler's and controller's metadata, read once. */
  private routeAccess(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    const controller = context.getClass();
    const known = this.routes.get(handler);
    // A handler inherited by several controllers is looked up afresh for all but the first.
    if (known && known.controller === controller) return known;
    const targets = [handler, controller];
    const access: RouteAccess = {
      controller,
      isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets) === true,
      roles: this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets),
      multipart: takesMultipart(this.reflector, handler),
    };
    if (!known) this.routes.set(handler, access);
    return access;
  }

  handleRequest<TUser = AuthenticatedUser>(err: unknown, user: TUser | false): TUser {
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
