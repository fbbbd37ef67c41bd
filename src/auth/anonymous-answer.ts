import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Forgot-password and resend-verification answer no sooner than this after they start, so the
 * few statements that queue a mail for an existing account do not show in the timing.
 */
export const ANONYMOUS_MAIL_ANSWER_MS = 150;

/** Runs `work`, then waits until at least `ms` have passed since it started. */
export async function atLeast<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work();
  const left = ms - (Date.now() - started);
  if (left > 0) await sleep(left);
  return result;
}
