import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** `{student_id}` in a path. An id that does not exist (or is not yours) is a 404. */
export class StudentIdParamDto {
  @ApiProperty({ description: 'Student id, e.g. STU0001.', example: 'STU0001' })
  @IsString()
  @MaxLength(40)
  student_id!: string;
}
