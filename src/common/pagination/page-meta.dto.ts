import { ApiProperty } from '@nestjs/swagger';
import { PageLinksDto } from './page-links.dto';

/** Where a page sits in the whole list, and links to its neighbours. */
export class PageMetaDto {
  @ApiProperty({ example: 1 })
  page!: number;

  @ApiProperty({ example: 20 })
  per_page!: number;

  @ApiProperty({ example: 5607 })
  total!: number;

  @ApiProperty({ example: 281 })
  total_pages!: number;

  @ApiProperty({
    type: PageLinksDto,
    description: 'The same links as the `Link` header of the response.',
  })
  links!: PageLinksDto;
}
