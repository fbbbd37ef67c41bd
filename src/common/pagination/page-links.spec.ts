import { linkHeader, pageLinks } from './page-links';

const meta = (page: number, total: number, perPage = 10) => ({
  page,
  per_page: perPage,
  total,
  total_pages: Math.ceil(total / perPage),
});

describe('pageLinks', () => {
  it('keeps the filters in their order and sets page and per_page in place', () => {
    const links = pageLinks(
      '/api/students',
      'gender=Male&page=2&sort=-age&per_page=10',
      meta(2, 35),
    );
    expect(links).toEqual({
      self: '/api/students?gender=Male&page=2&sort=-age&per_page=10',
      first: '/api/students?gender=Male&page=1&sort=-age&per_page=10',
      prev: '/api/students?gender=Male&page=1&sort=-age&per_page=10',
      next: '/api/students?gender=Male&page=3&sort=-age&per_page=10',
      last: '/api/students?gender=Male&page=4&sort=-age&per_page=10',
    });
  });

  it('has no prev on the first page and no next on the last', () => {
    expect(Object.keys(pageLinks('/x', '', meta(1, 10)))).toEqual(['self', 'first', 'last']);
    expect(pageLinks('/x', '', meta(4, 35)).next).toBeUndefined();
  });

  it('links an empty list, and a page beyond the end, back to page 1..last', () => {
    expect(pageLinks('/x', '', meta(1, 0))).toEqual({
      self: '/x?page=1&per_page=10',
      first: '/x?page=1&per_page=10',
      last: '/x?page=1&per_page=10',
    });
    const beyond = pageLinks('/x', 'page=9', meta(9, 15));
    expect(beyond.prev).toBe('/x?page=2&per_page=10');
    expect(beyond.next).toBeUndefined();
  });

  it('keeps repeated parameters and encodes values', () => {
    const links = pageLinks('/x', 'status=open&status=resolved&search=a%2Cb%20c', meta(1, 30));
    expect(links.next).toBe('/x?status=open&status=resolved&search=a%2Cb+c&page=2&per_page=10');
  });
});

describe('linkHeader', () => {
  it('lists first, prev, next and last as RFC 8288 links, without self', () => {
    expect(
      linkHeader({ self: '/x?page=2', first: '/x?page=1', prev: '/x?page=1', last: '/x?page=2' }),
    ).toBe('</x?page=1>; rel="first", </x?page=1>; rel="prev", </x?page=2>; rel="last"');
  });
});
