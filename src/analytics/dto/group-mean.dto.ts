import { ApiProperty } from '@nestjs/swagger';

/** A group compared in a group-gap insight. */
export class GroupMeanDto {
  @ApiProperty({ example: 'High' })
  value!: string;

  @ApiProperty({ description: 'Students of the group with an exam score.', example: 1850 })
  students!: number;

  @ApiProperty({ example: 68.09 })
  mean_exam_score!: number;
}
