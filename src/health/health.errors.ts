import type { HealthCheckResult } from '@nestjs/terminus';
import { DomainError } from '../common/errors/domain-error';

/** Readiness failed: the body names every check (`checks`) and the detail the failed ones. */
export class NotReadyError extends DomainError {
  readonly status = 503;
  readonly code = 'not_ready';
  readonly title = 'Not Ready';

  constructor(result: HealthCheckResult) {
    const checks = result.details;
    const failed = Object.entries(result.error ?? {}).map(([name, check]) => {
      const message = (check as { message?: unknown }).message;
      return typeof message === 'string' ? `${name} is down (${message})` : `${name} is down`;
    });
    super(`Not ready: ${failed.length > 0 ? failed.join('; ') : 'a check failed'}.`, {
      extensions: { checks },
    });
  }
}
