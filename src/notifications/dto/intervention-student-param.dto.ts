import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** `{student_id}` in an interventions path. */
export class InterventionStudentParamDto {
  @ApiProperty({ description: 'Student id, e.g. STU0001.', example: 'STU0001' })
  @IsString()
  @MaxLength(40)
  student_id!: string;
}
