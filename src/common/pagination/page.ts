import { PageMetaDto } from './page-meta.dto';

/** A page of a list, as every list endpoint returns it. */
export interface Page<T> {
  data: T[];
  meta: PageMetaDto;
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
