import { applyDecorators, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { ApiConsumes } from '@nestjs/swagger';
import type { Request } from 'express';
import { UnsupportedMediaTypeError } from '../errors/common.errors';

const MULTIPART_BODY = 'multipart_body';

/** The route takes a `multipart/form-data` upload (and nothing else); documented as such. */
export function MultipartBody(): MethodDecorator {
  return applyDecorators(SetMetadata(MULTIPART_BODY, true), ApiConsumes('multipart/form-data'));
}

/** Whether `handler`'s route takes a multipart upload (see MultipartBody). */
export function takesMultipart(reflector: Reflector, handler: object): boolean {
  return reflector.get<boolean | undefined>(MULTIPART_BODY, handler as () => unknown) === true;
}

/**
 * The body parser lets multipart through unread (only upload routes read it, after their
 * guards): a multipart body on any other route is a 415. (JSON on an upload route reaches the
 * route, which says that the file is missing.) Called by AccessGuard once access is granted,
 * with what takesMultipart said of the route, so the check runs after every guard, as an
 * interceptor's would, without one more interceptor around every request.
 */
export function refuseStrayMultipart(context: ExecutionContext, multipart: boolean): void {
  if (multipart || context.getType() !== 'http') return;
  const request = context.switchToHttp().getRequest<Request>();
  if (request.is('multipart/form-data')) {
    throw new UnsupportedMediaTypeError('This route takes an application/json body.');
  }
}
