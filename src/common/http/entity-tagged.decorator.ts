import { applyDecorators, UseInterceptors } from '@nestjs/common';
import {
  ApiHeader,
  ApiNotModifiedResponse,
  ApiPreconditionFailedResponse,
  ApiPreconditionRequiredResponse,
} from '@nestjs/swagger';
import { ApiResponseHeaders } from './api-response-headers.decorator';
import { IfMatchRequiredInterceptor } from './if-match-required.interceptor';
import { ProblemResponseDto } from './problem-response.dto';
import { TagReturnedRepresentation } from './tag-returned-representation';

const ETAG_HEADER = {
  ETag: {
    description:
      'Strong entity tag of this representation. Send it back as `If-Match` to change or delete the resource only if nobody changed it since (or as `If-None-Match` to read it again only if it changed).',
    schema: { type: 'string', example: '"3q2-7wEjR0bYp1xZ8mKc4aLkT9vN6sQe"' },
  },
};

const IF_MATCH = ApiHeader({
  name: 'If-Match',
  required: false,
  description:
    'The `ETag` of the resource as last read (or `*`). When it is no longer current the request is refused with 412 `precondition_failed` and nothing changes. Required (else 428 `precondition_required`) when the server runs with REQUIRE_IF_MATCH=true.',
  schema: { type: 'string' },
});

const WRITE_RESPONSES = [
  ApiPreconditionFailedResponse({
    description:
      'If-Match names no current entity tag: someone changed the resource since it was read (`precondition_failed`); nothing was changed.',
    type: ProblemResponseDto,
  }),
  ApiPreconditionRequiredResponse({
    description:
      'If-Match is missing and the server requires it (REQUIRE_IF_MATCH=true; `precondition_required`).',
    type: ProblemResponseDto,
  }),
];

/**
 * Conditional requests on a single resource, documented in the OpenAPI document:
 * - `read` (GET): `ETag` on the response; `If-None-Match` with the current tag is a 304.
 * - `write` (PUT/PATCH): `If-Match` honoured (412/428); the response carries the new `ETag`.
 * - `delete`: `If-Match` honoured (412/428).
 * The handler passes `@IfMatch()` to its service as an `ifMatchPrecondition`, checked on the
 * row locked in the writing transaction.
 */
export function EntityTagged(kind: 'read' | 'write' | 'delete'): MethodDecorator {
  switch (kind) {
    case 'read':
      return applyDecorators(
        TagReturnedRepresentation(),
        ApiHeader({
          name: 'If-None-Match',
          required: false,
          description: 'An `ETag` read before: 304 without a body while it is still current.',
          schema: { type: 'string' },
        }),
        ApiResponseHeaders(200, ETAG_HEADER),
        ApiNotModifiedResponse({ description: 'Unchanged since the `If-None-Match` tag.' }),
      );
    case 'write':
      return applyDecorators(
        UseInterceptors(IfMatchRequiredInterceptor),
        TagReturnedRepresentation(),
        IF_MATCH,
        ApiResponseHeaders(200, ETAG_HEADER),
        ...WRITE_RESPONSES,
      );
    case 'delete':
      return applyDecorators(
        UseInterceptors(IfMatchRequiredInterceptor),
        IF_MATCH,
        ...WRITE_RESPONSES,
      );
  }
}
