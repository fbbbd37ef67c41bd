import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ROLE_ENUM, ROLES, type Role } from '../../common/auth/role';
import { PersonNameField } from './user-input.decorators';

/** What an administrator may change; anything else in the body is refused. */
export class UpdateUserDto {
  @PersonNameField('Ada', true)
  first_name?: string;

  @PersonNameField('Lovelace', true)
  last_name?: string;

  @ApiPropertyOptional({
    example: 'teacher',
    ...ROLE_ENUM,
    description: 'A role change ends all of the user’s sessions.',
  })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({
    example: true,
    description: 'false deactivates the account and ends its sessions.',
  })
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;
}
