import { ApiPropertyOptional } from '@nestjs/swagger';
import { apiEnum } from '../../common/http/api-enum';
import { ProblemResponseDto } from '../../common/http/problem-response.dto';
import { HEAVY_WORK_LANES, type HeavyWorkLane } from '../heavy-work.errors';

/** A 429 of a heavy-work route: the rate limit, or `heavy_work_limit` with its lane. */
export class HeavyWorkProblemDto extends ProblemResponseDto {
  @ApiPropertyOptional({
    ...apiEnum(
      'HeavyWorkLane',
      HEAVY_WORK_LANES,
      'A kind of heavy work with its own concurrency limit.',
    ),
    description: '`heavy_work_limit`: the kind of heavy work that is at its limit.',
    example: 'batch_prediction',
  })
  lane?: HeavyWorkLane;

  @ApiPropertyOptional({
    description: '`heavy_work_limit`: how many of that kind may run at once.',
    type: 'integer',
    example: 2,
  })
  limit?: number;

  @ApiPropertyOptional({
    description: '`heavy_work_limit` of a training: the unfinished job to wait for.',
    format: 'uuid',
    example: '0b6f1c1e-4d2a-4f7e-9a53-2f7c9d1e8b40',
  })
  job_id?: string;
}
