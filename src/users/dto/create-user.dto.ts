import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ROLE_ENUM, ROLES, type Role } from '../../common/auth/role';
import { AccountEmailField, NewPasswordField, PersonNameField } from './user-input.decorators';

/** An account created by an administrator: any role, verified or not. */
export class CreateUserDto {
  @AccountEmailField('new.teacher@school.edu')
  email!: string;

  @NewPasswordField('correct horse battery staple', '8 to 128 characters, not a common password.')
  password!: string;

  @PersonNameField('Ada')
  first_name!: string;

  @PersonNameField('Lovelace')
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
