import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { EntityTagCondition } from './entity-tag-condition';

/** The request's `If-Match` header, parsed; undefined when it was not sent. */
export const IfMatch = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): EntityTagCondition | undefined => {
    const header = ctx.switchToHttp().getRequest<Request>().headers['if-match'];
    return header === undefined ? undefined : EntityTagCondition.parse(header);
  },
);
