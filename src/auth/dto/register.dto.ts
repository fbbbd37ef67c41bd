import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ROLE_ENUM, ROLES, type Role } from '../../common/auth/role';
import {
  AccountEmailField,
  NewPasswordField,
  PersonNameField,
} from '../../users/dto/user-input.decorators';

export class RegisterDto {
  @AccountEmailField('jane.doe@school.edu')
  email!: string;

  @NewPasswordField(
    'correct horse battery staple',
    '8 to 128 characters, any characters, not a common password.',
  )
  password!: string;

  @PersonNameField('Jane')
  first_name!: string;

  @PersonNameField('Doe')
  last_name!: string;

  @ApiPropertyOptional({
    ...ROLE_ENUM,
    default: 'student',
    description: 'Roles other than student need an administrator’s access token.',
  })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}
