import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { apiEnumParameter } from '../../common/http/api-enum';
import { ROLE_ENUM, ROLES, type Role } from '../../common/auth/role';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';

export const USER_SORT_FIELDS = ['created_at', 'email', 'first_name', 'last_name', 'role'] as const;

export class ListUsersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    ...apiEnumParameter(ROLE_ENUM),
    description: 'Only accounts with this role.',
  })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'Part of the email, first or last name (case-insensitive).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'Only active (true) or deactivated (false).' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({
    description: `Sort field, \`-\` prefix for descending: ${USER_SORT_FIELDS.join(', ')}.`,
    example: '-created_at',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sort?: string;
}
