import { ApiProperty } from '@nestjs/swagger';

/** One equal-width bin of a numeric factor. */
export class FactorBinDto {
  @ApiProperty({ description: '1-based bin number.', example: 1 })
  bin!: number;

  @ApiProperty({ description: 'Lower bound (inclusive).', example: 1 })
  bin_start!: number;

  @ApiProperty({
    description: 'Upper bound (exclusive, except for the last bin, which holds the maximum).',
    example: 9.6,
  })
  bin_end!: number;

  @ApiProperty({ example: 420 })
  students!: number;

  @ApiProperty({ description: 'Of those, students with a known exam score.', example: 405 })
  with_exam_score!: number;

  @ApiProperty({ type: Number, nullable: true, example: 64.92 })
  mean_exam_score!: number | null;
}
