import type { PageMetaDto } from './page-meta.dto';

/** The counts of a page; its links are added from the request on the way out. */
export type PageCounts = Omit<PageMetaDto, 'links'>;

/** A page of a list, as every list endpoint returns it (`meta.links` is added centrally). */
export interface Page<T> {
  data: T[];
  meta: PageCounts;
}

export function toPage<T>(data: T[], total: number, page: number, perPage: number): Page<T> {
  return {
    data,
    meta: { page, per_page: perPage, total, total_pages: Math.ceil(total / perPage) },
  };
}

/** Maps the items of a page, keeping its meta. */
export function mapPage<T, U>(page: Page<T>, fn: (item: T) => U): Page<U> {
  return { data: page.data.map(fn), meta: page.meta };
}
