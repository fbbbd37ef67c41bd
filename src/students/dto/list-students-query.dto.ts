import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';
import { STUDENT_SORT_FIELDS } from '../student-sort';
import { StudentFilterDto } from './student-filter.dto';

/** `GET /api/students`: paging, the student filters and the sort order. */
export class ListStudentsQueryDto extends IntersectionType(PaginationQueryDto, StudentFilterDto) {
  @ApiPropertyOptional({
    description: `Sort order: a field, or several comma-separated; prefix \`-\` for descending. Allowed: ${STUDENT_SORT_FIELDS.join(', ')}. Unknown fields are a 400. Default \`student_id\`.`,
    example: '-exam_score,last_name',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  sort?: string;
}
