import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';

export class ListStaffQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    description: 'Part of the email, a name or the department (case-insensitive).',
    example: 'math',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}
