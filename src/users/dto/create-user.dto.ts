import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ROLE_ENUM, ROLES, type Role } from '../../common/auth/role';
import { IsAccountEmail, IsPersonName } from './user-input.decorators';

/** An account created by an administrator: any role, verified or not. */
export class CreateUserDto {
  @ApiProperty({ example: 'new.teacher@school.edu', maxLength: 254 })
  @IsAccountEmail()
  email!: string;

  @ApiProperty({
    example: 'correct horse battery staple',
    minLength: 8,
    maxLength: 128,
    description: '8 to 128 characters, not a common password.',
  })
  @IsString()
  @MaxLength(1024)
  password!: string;

  @ApiProperty({ example: 'Ada', maxLength: 100 })
  @IsPersonName()
  first_name!: string;

  @ApiProperty({ example: 'Lovelace', maxLength: 100 })
  @IsPersonName()
  last_name!: string;

  @ApiPropertyOptional({ ...ROLE_ENUM, default: 'student' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({
    default: false,
    description: 'Create the account already verified; otherwise a verification email is sent.',
  })
  @IsOptional()
  @IsBoolean()
  email_verified?: boolean;
}
