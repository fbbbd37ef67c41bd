import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, Max, Min } from 'class-validator';
import { StudentFilterDto } from '../../students/dto/student-filter.dto';
import { EXAM_SCORE } from '../../students/factor-catalogue';
import { QueryTransforms } from './query-transforms';

export const DEFAULT_PASS_MARK = 65;

/** `GET /api/analytics/overview`: the students-list filters and the pass mark. */
export class OverviewQueryDto extends StudentFilterDto {
  @ApiPropertyOptional({
    type: Number,
    description: 'An exam score at or above this counts as a pass (for `pass_rate`).',
    minimum: EXAM_SCORE.min,
    maximum: EXAM_SCORE.max,
    default: DEFAULT_PASS_MARK,
    example: DEFAULT_PASS_MARK,
  })
  @IsOptional()
  @QueryTransforms.number()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'pass_mark must be a number' })
  @Min(EXAM_SCORE.min)
  @Max(EXAM_SCORE.max)
  pass_mark: number = DEFAULT_PASS_MARK;
}
