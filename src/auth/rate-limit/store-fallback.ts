import { Logger } from '@nestjs/common';

const WARN_INTERVAL_MS = 60_000;

/**
 * Runs an operation on a shared store and, when the store cannot be reached, on this process's
 * own copy instead, with a warning at most once a minute: an outage of the store neither stalls
 * requests nor turns the limits off.
 */
export class StoreFallback {
  private lastWarning = 0;

  constructor(
    private readonly logger: Logger,
    private readonly warning: string,
  ) {}

  async run<T>(primary: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    try {
      return await primary();
    } catch (error: unknown) {
      const now = Date.now();
      if (now - this.lastWarning > WARN_INTERVAL_MS) {
        this.lastWarning = now;
        this.logger.warn({ err: error }, this.warning);
      }
      return fallback();
    }
  }
}
