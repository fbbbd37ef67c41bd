import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiResponseHeaders } from '../http/api-response-headers.decorator';
import { PageLinksInterceptor } from './page-links.interceptor';

export const LINK_HEADER_DOC = {
  description:
    'RFC 8288 links to the `first`, `prev`, `next` and `last` pages, keeping the request’s filters and sort (`prev`/`next` only when such a page exists); the same URLs as `meta.links`.',
  schema: {
    type: 'string',
    example:
      '</api/students?gender=Female&page=1&per_page=20>; rel="first", </api/students?gender=Female&page=3&per_page=20>; rel="next", </api/students?gender=Female&page=141&per_page=20>; rel="last"',
  },
} as const;

/** Adds `meta.links` and the `Link` header to a list response, and documents the header. */
export function ApiPageLinks(): MethodDecorator {
  return applyDecorators(
    UseInterceptors(PageLinksInterceptor),
    ApiResponseHeaders(200, { Link: LINK_HEADER_DOC }),
  );
}
