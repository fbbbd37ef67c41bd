import { ApiProperty } from '@nestjs/swagger';

/** Open alerts of the matching students by severity. */
export class AlertSeverityCountsDto {
  @ApiProperty({ example: 37 })
  high!: number;

  @ApiProperty({ example: 84 })
  medium!: number;

  @ApiProperty({ example: 12 })
  low!: number;

  @ApiProperty({ example: 133 })
  total!: number;
}
