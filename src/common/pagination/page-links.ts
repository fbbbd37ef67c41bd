import type { PageLinksDto } from './page-links.dto';
import type { PageCounts } from './page';

/**
 * The links of one page of a list: `path` is the list's path and `query` the request's own
 * query string, whose filters and sort every link keeps (in their order; only `page` and
 * `per_page` are set). `prev`/`next` exist only when there is such a page; the last page of
 * an empty list is page 1. Relative references, so they hold behind any proxy.
 */
export function pageLinks(path: string, query: string, meta: PageCounts): PageLinksDto {
  const last = Math.max(meta.total_pages, 1);
  const link = (page: number): string => {
    const params = new URLSearchParams(query);
    params.set('page', String(page));
    params.set('per_page', String(meta.per_page));
    return `${path}?${params.toString()}`;
  };
  const links: PageLinksDto = { self: link(meta.page), first: link(1), last: link(last) };
  if (meta.page > 1) links.prev = link(Math.min(meta.page - 1, last));
  if (meta.page < last) links.next = link(meta.page + 1);
  return links;
}

const LINK_RELATIONS = ['first', 'prev', 'next', 'last'] as const;

/** The RFC 8288 `Link` header value for the same links (`self` is the request itself). */
export function linkHeader(links: PageLinksDto): string {
  return LINK_RELATIONS.flatMap((rel) => {
    const target = links[rel];
    return target === undefined ? [] : [`<${target}>; rel="${rel}"`];
  }).join(', ');
}
