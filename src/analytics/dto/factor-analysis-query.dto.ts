import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { StudentFilterDto } from '../../students/dto/student-filter.dto';
import { QueryTransforms } from './query-transforms';

export const DEFAULT_BINS = 5;
export const MAX_BINS = 50;

/** `GET /api/analytics/factors/{factor}`: the students-list filters and the number of bins. */
export class FactorAnalysisQueryDto extends StudentFilterDto {
  @ApiPropertyOptional({
    type: Number,
    description:
      'Numeric factors only: the number of equal-width bins between the smallest and largest value (ignored for categorical and boolean factors).',
    minimum: 1,
    maximum: MAX_BINS,
    default: DEFAULT_BINS,
    example: DEFAULT_BINS,
  })
  @IsOptional()
  @QueryTransforms.number()
  @IsInt({ message: 'bins must be an integer' })
  @Min(1)
  @Max(MAX_BINS)
  bins: number = DEFAULT_BINS;
}
