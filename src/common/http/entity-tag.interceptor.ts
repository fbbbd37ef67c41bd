import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import { entityTag } from './entity-tag';

/**
 * Sets `ETag` to the entity tag of the returned representation. On a GET whose
 * `If-None-Match` names that tag, Express then answers 304 without a body.
 */
@Injectable()
export class EntityTagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((body: unknown) => {
        if (body !== undefined) response.setHeader('ETag', entityTag(body));
        return body;
      }),
    );
  }
}
