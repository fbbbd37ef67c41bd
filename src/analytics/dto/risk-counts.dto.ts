import { ApiProperty } from '@nestjs/swagger';

/** Matching students by the risk level of their latest stored prediction. */
export class RiskCountsDto {
  @ApiProperty({ description: 'Latest prediction is high risk.', example: 412 })
  high!: number;

  @ApiProperty({ description: 'Latest prediction is medium risk.', example: 1630 })
  medium!: number;

  @ApiProperty({ description: 'Latest prediction is low risk.', example: 4120 })
  low!: number;

  @ApiProperty({ description: 'No prediction stored yet.', example: 245 })
  unpredicted!: number;
}
