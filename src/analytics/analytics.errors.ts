import { NotFoundError } from '../common/errors/common.errors';
import { FACTOR_NAMES } from './analytics-factors';

/** `/analytics/factors/{factor}` names no factor: the resource does not exist (404). */
export class UnknownFactorError extends NotFoundError {
  override readonly code = 'unknown_factor';
  constructor(factor: string) {
    super(
      `There is no factor "${factor.slice(0, 100)}"; known factors: ${FACTOR_NAMES.join(', ')}.`,
    );
  }
}
