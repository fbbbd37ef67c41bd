import { ApiProperty } from '@nestjs/swagger';

/** Calibrated prediction interval: the actual score falls inside it with probability `level`. */
export class PredictionIntervalDto {
  @ApiProperty({ description: 'Lower bound (points).', example: 63.41 })
  lower!: number;

  @ApiProperty({ description: 'Upper bound (points).', example: 69.87 })
  upper!: number;

  @ApiProperty({ description: 'Nominal coverage, calibrated on held-out data.', example: 0.9 })
  level!: number;
}
