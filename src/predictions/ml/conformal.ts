import { median } from './robust-targets';

/**
 * Normalised split-conformal calibration.
 *
 * On rows the trees did not train on (out-of-bag), the conformity score of a row is
 *     s = |y − ŷ| / (σ + β)
 * where σ is the standard deviation of the individual trees' predictions for that row
 * (how much the trees disagree) and β = median σ keeps the ratio stable when the trees
 * happen to agree. For a new student with forest mean ŷ and tree spread σ:
 *
 * - the level-α prediction interval is ŷ ± q_α·(σ + β), q_α being the
 *   ⌈(n+1)α⌉-th smallest calibration score (the usual finite-sample conformal rank);
 * - the probability that the true score lies within ± tol points is the fraction of
 *   calibration scores ≤ tol / (σ + β).
 *
 * Both statements are marginal (on average over students exchangeable with the
 * calibration rows), not guarantees for one individual.
 */
export interface ConformalCalibration {
  readonly beta: number;
  /** Conformity scores, sorted ascending. */
  readonly scores: Float32Array;
}

export function fitConformal(
  absResiduals: ArrayLike<number>,
  spreads: ArrayLike<number>,
): ConformalCalibration {
  const ok: number[] = [];
  for (let i = 0; i < absResiduals.length; i++) {
    if (Number.isFinite(absResiduals[i]) && Number.isFinite(spreads[i])) ok.push(i);
  }
  if (ok.length < 10)
    throw new RangeError('conformal calibration needs at least 10 out-of-sample rows');
  const beta = Math.max(median(ok.map((i) => spreads[i])), 1e-3);
  const scores = Float32Array.from(ok.map((i) => absResiduals[i] / (spreads[i] + beta))).sort();
  return { beta, scores };
}

/** Half-width of the level-`level` interval for a prediction with tree spread `spread`. */
export function intervalHalfWidth(
  cal: ConformalCalibration,
  spread: number,
  level: number,
): number {
  const n = cal.scores.length;
  const rank = Math.ceil((n + 1) * level);
  const q = rank > n ? Infinity : cal.scores[Math.max(rank, 1) - 1];
  return q * (spread + cal.beta);
}

/** Calibrated probability that |actual − predicted| ≤ tolerance. */
export function withinToleranceProbability(
  cal: ConformalCalibration,
  spread: number,
  tolerance: number,
): number {
  const t = tolerance / (spread + cal.beta);
  // Number of scores <= t (binary search over the sorted table).
  let lo = 0;
  let hi = cal.scores.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cal.scores[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo / cal.scores.length;
}

/** Population standard deviation of `count` values starting at `values[offset]`. */
export function spreadOf(values: ArrayLike<number>, offset: number, count: number): number {
  let s = 0;
  let s2 = 0;
  for (let k = 0; k < count; k++) {
    const v = values[offset + k];
    s += v;
    s2 += v * v;
  }
  const mean = s / count;
  return Math.sqrt(Math.max(0, s2 / count - mean * mean));
}
