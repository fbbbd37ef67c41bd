import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';
import { apiEnum, apiEnumParameter } from '../../common/http/api-enum';

/** A page of a student's history, newest first unless `sort=recorded_at`. */
export class ListPerformanceRecordsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    description:
      'Order by recording time: `-recorded_at` (newest first, default) or `recorded_at`.',
    ...apiEnumParameter(
      apiEnum(
        'PerformanceRecordSort',
        ['recorded_at', '-recorded_at'],
        'Order of a performance history: by recording time, `-` for newest first.',
      ),
    ),
    default: '-recorded_at',
  })
  @IsOptional()
  @IsIn(['recorded_at', '-recorded_at'], { message: 'sort must be recorded_at or -recorded_at' })
  sort?: 'recorded_at' | '-recorded_at';
}
