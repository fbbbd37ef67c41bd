import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config.token';
import { PreconditionRequiredError } from './precondition-required.error';

/**
 * With REQUIRE_IF_MATCH on, a write to a versioned resource without `If-Match` is a 428
 * before anything is read or changed (after authentication and the role check).
 */
@Injectable()
export class IfMatchRequiredInterceptor implements NestInterceptor {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    if (this.config.http.requireIfMatch && request.headers['if-match'] === undefined) {
      throw new PreconditionRequiredError();
    }
    return next.handle();
  }
}
