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
  /**
   * Signed normalised residuals (y − ŷ)/(σ + β), sorted ascending, when the model keeps them:
   * the calibrated distribution behind the probability of scoring below a threshold.
   */
  readonly signed?: Float32Array;
}

/**
 * Scaled split-conformal calibration from out-of-fold residuals y − ŷ and a per-student
 * scale σ (a prediction of |y − ŷ| by models that did not see the row). β = 10 % of the
 * median scale only guards against a scale near 0, so the interval follows σ closely.
 */
export function fitScaledConformal(
  residuals: ArrayLike<number>,
  scales: ArrayLike<number>,
): ConformalCalibration {
  const ok: number[] = [];
  for (let i = 0; i < residuals.length; i++) {
    if (Number.isFinite(residuals[i]) && Number.isFinite(scales[i])) ok.push(i);
  }
  if (ok.length < 10) throw new RangeError('conformal calibration needs at least 10 rows');
  const beta = Math.max(0.1 * median(ok.map((i) => Math.max(0, scales[i]))), 1e-3);
  const signed = Float32Array.from(
    ok.map((i) => residuals[i] / (Math.max(0, scales[i]) + beta)),
  ).sort();
  const scores = Float32Array.from(signed, Math.abs).sort();
  return { beta, scores, signed };
}

/**
 * Calibrated probability that the actual score is below `threshold` for a prediction
 * `predicted` with scale `spread`: the share of signed calibration residuals below
 * (threshold − predicted)/(σ + β). Without signed residuals (older forests), the absolute
 * scores are read as a symmetric distribution.
 */
export function probabilityBelow(
  cal: ConformalCalibration,
  predicted: number,
  spread: number,
  threshold: number,
): number {
  const t = (threshold - predicted) / (Math.max(0, spread) + cal.beta);
  if (cal.signed) return countBelow(cal.signed, t) / cal.signed.length;
  const beyond = 1 - countAtMost(cal.scores, Math.abs(t)) / cal.scores.length;
  return t < 0 ? beyond / 2 : 1 - beyond / 2;
}

/** Number of sorted values strictly below t. */
function countBelow(sorted: Float32Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of sorted values <= t. */
function countAtMost(sorted: Float32Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
  return q * (Math.max(0, spread) + cal.beta);
}

/** Calibrated probability that |actual − predicted| ≤ tolerance. */
export function withinToleranceProbability(
  cal: ConformalCalibration,
  spread: number,
  tolerance: number,
): number {
  const t = tolerance / (Math.max(0, spread) + cal.beta);
  return countAtMost(cal.scores, t) / cal.scores.length;
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
