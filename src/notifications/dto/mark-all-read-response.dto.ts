import { ApiProperty } from '@nestjs/swagger';

/** How many unread notifications were marked read. */
export class MarkAllReadResponseDto {
  @ApiProperty({ example: 3 })
  updated!: number;
}
