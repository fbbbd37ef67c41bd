import { ApiProperty } from '@nestjs/swagger';

/** Exam scores of the students with one value of a categorical or boolean factor. */
export class FactorGroupDto {
  @ApiProperty({
    description: 'The value; `Yes`/`No` for booleans, `Unknown` for students without one.',
    example: 'High',
  })
  value!: string;

  @ApiProperty({ example: 1908 })
  students!: number;

  @ApiProperty({ description: 'Of those, students with a known exam score.', example: 1850 })
  with_exam_score!: number;

  @ApiProperty({ type: Number, nullable: true, example: 68.09 })
  mean_exam_score!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 68 })
  median_exam_score!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Sample standard deviation (null for fewer than 2 scores).',
    example: 3.95,
  })
  stddev_exam_score!: number | null;
}
