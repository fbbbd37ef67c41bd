import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { StudentFilterDto } from '../../students/dto/student-filter.dto';
import { FACTORS } from '../analytics-factors';
import { QueryTransforms } from './query-transforms';

export const DEFAULT_INSIGHTS = 10;
export const DEFAULT_MIN_GROUP_SIZE = 5;

/** `GET /api/analytics/insights`: the students-list filters, how many insights, group size. */
export class InsightsQueryDto extends StudentFilterDto {
  @ApiPropertyOptional({
    type: Number,
    description: 'How many insights to return, strongest first (at most one per factor).',
    minimum: 1,
    maximum: FACTORS.length,
    default: DEFAULT_INSIGHTS,
    example: DEFAULT_INSIGHTS,
  })
  @IsOptional()
  @QueryTransforms.number()
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(FACTORS.length)
  limit: number = DEFAULT_INSIGHTS;

  @ApiPropertyOptional({
    type: Number,
    description:
      'Groups with fewer students with an exam score than this are not compared in group-gap insights (tiny groups make noisy gaps). Numeric factors need at least 3 students.',
    minimum: 1,
    maximum: 100000,
    default: DEFAULT_MIN_GROUP_SIZE,
    example: DEFAULT_MIN_GROUP_SIZE,
  })
  @IsOptional()
  @QueryTransforms.number()
  @IsInt({ message: 'min_group_size must be an integer' })
  @Min(1)
  @Max(100000)
  min_group_size: number = DEFAULT_MIN_GROUP_SIZE;
}
