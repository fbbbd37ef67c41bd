import { ApiProperty } from '@nestjs/swagger';

/** Where a page sits in the whole list. */
export class PageMetaDto {
  @ApiProperty({ example: 1 })
  page!: number;

  @ApiProperty({ example: 20 })
  per_page!: number;

  @ApiProperty({ example: 5607 })
  total!: number;

  @ApiProperty({ example: 281 })
  total_pages!: number;
}
