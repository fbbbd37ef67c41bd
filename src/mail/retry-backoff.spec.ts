import { BACKOFF_JITTER, retryDelaySeconds } from './retry-backoff';

describe('retryDelaySeconds', () => {
  const settings = { backoffBaseSeconds: 30, maxBackoffSeconds: 3600 };
  const middle = () => 0.5;

  it('starts at the base and doubles with each failure', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelaySeconds(n, settings, middle))).toEqual([
      30, 60, 120, 240, 480,
    ]);
  });

  it('never waits longer than the maximum', () => {
    expect(retryDelaySeconds(8, settings, middle)).toBe(3600);
    expect(retryDelaySeconds(100, settings, middle)).toBe(3600);
    expect(retryDelaySeconds(1_000_000, settings, () => 0.999)).toBe(3600);
  });

  it('spreads each delay by at most 10% either way', () => {
    expect(retryDelaySeconds(2, settings, () => 0)).toBeCloseTo(60 * (1 - BACKOFF_JITTER));
    expect(retryDelaySeconds(2, settings, () => 0.999999)).toBeCloseTo(
      60 * (1 + BACKOFF_JITTER),
      3,
    );
  });

  it('treats a first try that never failed like the first failure', () => {
    expect(retryDelaySeconds(0, settings, middle)).toBe(30);
  });

  it('works with sub-second bases (as in tests)', () => {
    const fast = { backoffBaseSeconds: 0.2, maxBackoffSeconds: 1 };
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(n, fast, middle))).toEqual([0.2, 0.4, 0.8, 1]);
  });
});
