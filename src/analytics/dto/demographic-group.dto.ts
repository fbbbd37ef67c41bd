import { ApiProperty } from '@nestjs/swagger';

/** The students of one value of a demographic dimension. */
export class DemographicGroupDto {
  @ApiProperty({
    description: 'The value; `Yes`/`No` for booleans, `Unknown` for students without one.',
    example: 'Female',
  })
  value!: string;

  @ApiProperty({ example: 2793 })
  students!: number;

  @ApiProperty({ description: 'Share of the matching students, 0–1 (3 decimals).', example: 0.423 })
  share!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Mean exam score of the group’s students with a score.',
    example: 67.24,
  })
  mean_exam_score!: number | null;
}
