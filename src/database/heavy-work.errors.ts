import { DomainError } from '../common/errors/domain-error';

/** The kinds of heavy work, each with its own concurrency limit (config.heavyWork). */
export const HEAVY_WORK_LANES = ['batch_prediction', 'import', 'export', 'training'] as const;
export type HeavyWorkLane = (typeof HEAVY_WORK_LANES)[number];

/**
 * Heavy work refused at once because its limit is reached (on this instance, or across every
 * instance on the database): a 429 with Retry-After. Nothing was started or written.
 */
export class HeavyWorkLimitError extends DomainError {
  readonly status = 429;
  readonly code = 'heavy_work_limit';
  readonly title = 'Too Many Requests';

  constructor(
    detail: string,
    lane: HeavyWorkLane,
    limit: number,
    retryAfterSeconds: number,
    extensions: Record<string, unknown> = {},
  ) {
    super(detail, {
      headers: { 'Retry-After': String(retryAfterSeconds) },
      extensions: { ...extensions, lane, limit },
    });
  }
}
