import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * Links to pages of the same list, with the request's own filters and sort; the same URLs as
 * the `Link` header. `prev` and `next` are absent on the first and last page.
 */
export class PageLinksDto {
  @ApiProperty({
    description: 'This page.',
    example: '/api/students?gender=Female&page=2&per_page=20',
  })
  self!: string;

  @ApiProperty({
    description: 'The first page.',
    example: '/api/students?gender=Female&page=1&per_page=20',
  })
  first!: string;

  @ApiPropertyOptional({
    description: 'The page before this one; absent on the first page.',
    example: '/api/students?gender=Female&page=1&per_page=20',
  })
  prev?: string;

  @ApiPropertyOptional({
    description: 'The page after this one; absent on the last page.',
    example: '/api/students?gender=Female&page=3&per_page=20',
  })
  next?: string;

  @ApiProperty({
    description: 'The last page (page 1 when the list is empty).',
    example: '/api/students?gender=Female&page=141&per_page=20',
  })
  last!: string;
}
