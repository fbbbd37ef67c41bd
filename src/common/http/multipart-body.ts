import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiConsumes } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { UnsupportedMediaTypeError } from '../errors/common.errors';

const MULTIPART_BODY = 'multipart_body';

/** The route takes a `multipart/form-data` upload (and nothing else); documented as such. */
export function MultipartBody(): MethodDecorator {
  return applyDecorators(SetMetadata(MULTIPART_BODY, true), ApiConsumes('multipart/form-data'));
}

/**
 * The body parser lets multipart through unread (only upload routes read it, after their
 * guards): a multipart body on any other route is a 415. (JSON on an upload route reaches the
 * route, which says that the file is missing.)
 */
@Injectable()
export class MultipartBodyInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const multipartRoute =
      this.reflector.get<boolean>(MULTIPART_BODY, context.getHandler()) ?? false;
    const multipartBody = Boolean(request.is('multipart/form-data'));
    if (multipartBody && !multipartRoute) {
      throw new UnsupportedMediaTypeError('This route takes an application/json body.');
    }
    return next.handle();
  }
}
