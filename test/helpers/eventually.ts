/**
 * Runs `check` until it passes (resolves) or `ms` elapse, and then throws its last failure;
 * for what the app does in the background (a pool reconnecting, a job finishing).
 */
export async function eventually<T>(
  check: () => Promise<T>,
  ms = 20_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error: unknown) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
