import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ROLE_ENUM, ROLES, type Role } from '../../common/auth/role';
import { IsAccountEmail, IsPersonName } from '../../users/dto/user-input.decorators';

export class RegisterDto {
  @ApiProperty({ example: 'jane.doe@school.edu', maxLength: 254 })
  @IsAccountEmail()
  email!: string;

  @ApiProperty({
    example: 'correct horse battery staple',
    minLength: 8,
    maxLength: 128,
    description: '8 to 128 characters, any characters, not a common password.',
  })
  @IsString()
  @MaxLength(1024)
  password!: string;

  @ApiProperty({ example: 'Jane', maxLength: 100 })
  @IsPersonName()
  first_name!: string;

  @ApiProperty({ example: 'Doe', maxLength: 100 })
  @IsPersonName()
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
