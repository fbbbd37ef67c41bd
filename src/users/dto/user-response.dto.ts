import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLE_ENUM, type Role } from '../../common/auth/role';

/** An account as the API shows it: never a password hash or token. */
export class UserResponseDto {
  @ApiProperty({ format: 'uuid', example: '0c9d7b7e-3f7a-4d0e-8a59-2b8f3c1d9e20' })
  id!: string;

  @ApiProperty({ example: 'jane.doe@school.edu' })
  email!: string;

  @ApiProperty({ example: 'Jane' })
  first_name!: string;

  @ApiProperty({ example: 'Doe' })
  last_name!: string;

  @ApiProperty({ ...ROLE_ENUM, example: 'student' })
  role!: Role;

  @ApiProperty({ example: true })
  email_verified!: boolean;

  @ApiProperty({ example: true })
  is_active!: boolean;

  @ApiProperty({ example: '2025-03-14T09:26:53.000Z' })
  created_at!: string;

  @ApiPropertyOptional({
    example: 'STU0042',
    description: 'The linked student profile, for students whose profile is linked.',
  })
  student_id?: string;
}
