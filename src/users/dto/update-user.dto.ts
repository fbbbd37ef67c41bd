import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ROLE_ENUM, ROLES, type Role } from '../../common/auth/role';
import { IsPersonName } from './user-input.decorators';

/** What an administrator may change; anything else in the body is refused. */
export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Ada', maxLength: 100 })
  @IsOptional()
  @IsPersonName()
  first_name?: string;

  @ApiPropertyOptional({ example: 'Lovelace', maxLength: 100 })
  @IsOptional()
  @IsPersonName()
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
