import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, Observable } from 'rxjs';
import type { PageCounts } from './page';
import { linkHeader, pageLinks } from './page-links';

interface PagedBody {
  meta: PageCounts & { links?: unknown };
}

/** A path as received, with anything outside RFC 3986 path characters percent-encoded. */
function safePath(path: string): string {
  return path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu, (c) => encodeURIComponent(c));
}

function isPaged(body: unknown): body is PagedBody {
  if (typeof body !== 'object' || body === null) return false;
  const meta = (body as { meta?: unknown }).meta;
  if (typeof meta !== 'object' || meta === null) return false;
  const { page, per_page, total_pages } = meta as Partial<PageCounts>;
  return (
    typeof page === 'number' && typeof per_page === 'number' && typeof total_pages === 'number'
  );
}

/**
 * Adds the pagination links of a list response: `meta.links` in the body and the same links
 * in a `Link` header, built from the request's path and query (filters and sort kept).
 */
@Injectable()
export class PageLinksInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    return next.handle().pipe(
      map((body: unknown) => {
        if (!isPaged(body)) return body;
        const url = request.originalUrl;
        const queryStart = url.indexOf('?');
        const path = queryStart === -1 ? url : url.slice(0, queryStart);
        const query = queryStart === -1 ? '' : url.slice(queryStart + 1);
        const links = pageLinks(safePath(path), query, body.meta);
        response.setHeader('Link', linkHeader(links));
        return { ...body, meta: { ...body.meta, links } };
      }),
    );
  }
}
