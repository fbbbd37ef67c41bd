import { applyDecorators } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { HeavyWorkProblemDto } from './dto/heavy-work-problem.dto';

/**
 * Documents the 429 of a heavy-work route (batch predictions, imports, exports, training):
 * refused at once, nothing started, when its concurrency limit is reached.
 */
export function ApiHeavyWorkResponse(work: string, setting: string): MethodDecorator {
  return applyDecorators(
    ApiTooManyRequestsResponse({
      description:
        `\`heavy_work_limit\`: too many ${work} are running (at most ${setting} at once on this server, ` +
        'and as many across all servers on the database), or all heavy-work connections (DB_HEAVY_POOL_MAX) ' +
        'of this server are busy. Refused at once and nothing was started; retry after the Retry-After ' +
        'header’s seconds (HEAVY_WORK_RETRY_AFTER_SECONDS). The body names the `lane` and its `limit`.',
      type: HeavyWorkProblemDto,
      headers: {
        'Retry-After': {
          description: 'Seconds to wait before retrying.',
          schema: { type: 'integer' },
        },
      },
    }),
  );
}
