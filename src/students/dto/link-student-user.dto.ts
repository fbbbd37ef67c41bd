import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** The student account to link to a profile. */
export class LinkStudentUserDto {
  @ApiProperty({
    description: 'Id of a user with the student role, not yet linked to another profile.',
    format: 'uuid',
    example: '0c9d7b7e-3f7a-4d0e-8a59-2b8f3c1d9e20',
  })
  @IsUUID('all', { message: 'user_id must be a UUID' })
  user_id!: string;
}
