import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';
import { StudentFilterDto } from '../../students/dto/student-filter.dto';
import { RISK_LEVELS, type RiskLevelName } from '../risk-levels';
import { QueryTransforms } from './query-transforms';
import { apiEnumParameter } from '../../common/http/api-enum';
import { RISK_LEVEL_ENUM } from '../../predictions/dto/api-enums';

/** `GET /api/analytics/risk`: the students-list filters, paging and the risk levels listed. */
export class RiskAnalyticsQueryDto extends IntersectionType(PaginationQueryDto, StudentFilterDto) {
  @ApiPropertyOptional({
    ...apiEnumParameter(RISK_LEVEL_ENUM, true),
    description:
      'List only students whose latest prediction has one of these risk levels (comma-separated or repeated). Default: all predicted students. The distribution and alert counts are not affected.',
    example: ['high'],
  })
  @IsOptional()
  @QueryTransforms.list()
  @IsIn(RISK_LEVELS, {
    each: true,
    message: `risk_level must be one of: ${RISK_LEVELS.join(', ')}`,
  })
  risk_level?: RiskLevelName[];
}
