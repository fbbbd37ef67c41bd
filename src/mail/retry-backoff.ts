/** The retry settings the backoff reads (config.outbox). */
export interface BackoffSettings {
  backoffBaseSeconds: number;
  maxBackoffSeconds: number;
}

/** Jitter: each delay is spread over ±10% so instances retrying together drift apart. */
export const BACKOFF_JITTER = 0.1;

/**
 * Seconds to wait before the next try after `attempts` failed tries (1 for the first failure):
 * the base doubled per earlier failure, capped at the maximum, then jittered by ±10% (never
 * above the maximum). `random` returns a number in [0, 1).
 */
export function retryDelaySeconds(
  attempts: number,
  settings: BackoffSettings,
  random: () => number = Math.random,
): number {
  const { backoffBaseSeconds: base, maxBackoffSeconds: max } = settings;
  const exponent = Math.max(0, Math.floor(attempts) - 1);
  // 2 ** 60 already exceeds any configurable maximum; this keeps the product finite.
  const exponential = base * 2 ** Math.min(exponent, 60);
  const capped = Math.min(exponential, max);
  const factor = 1 - BACKOFF_JITTER + 2 * BACKOFF_JITTER * random();
  return Math.min(capped * factor, max);
}
