import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, Observable } from 'rxjs';
import { entityTag, entityTagOfJson } from './entity-tag';

/**
 * Sets `ETag` to the entity tag of the returned representation. On a GET whose
 * `If-None-Match` names that tag, Express then answers 304 without a body. An object is
 * serialized once, for its tag and as the body (res.json would serialize it again): the same
 * bytes and the same `Content-Type: application/json; charset=utf-8`.
 */
@Injectable()
export class EntityTagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((body: unknown) => {
        if (typeof body !== 'object' || body === null) {
          if (body !== undefined) response.setHeader('ETag', entityTag(body));
          return body;
        }
        const json = JSON.stringify(body);
        response.setHeader('ETag', entityTagOfJson(json));
        response.setHeader('Content-Type', 'application/json');
        return json;
      }),
    );
  }
}
