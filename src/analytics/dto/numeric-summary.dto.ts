import { ApiProperty } from '@nestjs/swagger';

const stat = (description: string, example: number) =>
  ApiProperty({ type: Number, nullable: true, description, example });

/** Distribution of one numeric column over the matching students (null when no values). */
export class NumericSummaryDto {
  @ApiProperty({ description: 'Students with a value.', example: 6378 })
  count!: number;

  @stat('Arithmetic mean (2 decimals).', 67.24) mean!: number | null;
  @stat('Median (continuous percentile).', 67) median!: number | null;
  @stat('Sample standard deviation (null for fewer than 2 values).', 3.89) stddev!: number | null;
  @stat('Smallest value.', 55) min!: number | null;
  @stat('Largest value.', 101) max!: number | null;
  @stat('10th percentile.', 63) p10!: number | null;
  @stat('25th percentile (first quartile).', 65) p25!: number | null;
  @stat('75th percentile (third quartile).', 69) p75!: number | null;
  @stat('90th percentile.', 71) p90!: number | null;
}
