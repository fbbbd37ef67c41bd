import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** `{student_id}` in a path. An id that does not exist (or is not yours) is a 404. */
export class StudentIdParamDto {
  @ApiProperty({
    description:
      "The student's id: the school's own (`2024-0012`, `S12345`) or a generated `STU0001`; found whatever the case (`s12345` finds `S12345`).",
    example: '2024-0012',
  })
  @IsString()
  @MaxLength(40)
  student_id!: string;
}
