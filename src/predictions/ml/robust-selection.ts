import { fitLinearBaseline } from './linear-baseline';
import { regressionMetrics } from './metrics';
import { fitRobustLinear } from './robust-linear';
import { SeededRng } from './rng';
import { N_FEATURES } from './features';

/** Huber thresholds (points) compared when choosing the robust fit. */
export const HUBER_DELTA_CANDIDATES: readonly number[] = [1, 2, 5, 10, 15, 20];

export const SELECTION_RULE =
  'Huber linear fits with each candidate threshold and the least-squares baseline are fitted on ' +
  'k−1 folds of the training rows and scored on the remaining fold, for every fold. Kept: the ' +
  'thresholds that are no worse than the baseline in R² and in MAE on every fold. Chosen among ' +
  'them: the largest, i.e. the fit closest to least squares, whose criterion R² is; when none ' +
  'is kept, the one with the best worst-fold R² gain.';

/** Fold of each row: a seeded permutation dealt round-robin into `k` folds. */
export function foldsOf(n: number, k: number, seed: number): Int32Array {
  const order = Array.from({ length: n }, (_, i) => i);
  new SeededRng(seed).shuffle(order);
  const folds = new Int32Array(n);
  order.forEach((row, position) => (folds[row] = position % k));
  return folds;
}

/** Rows of `x`/`y` where `keep(i)` holds. */
export function subset(
  x: Float32Array,
  y: ArrayLike<number>,
  keep: (i: number) => boolean,
): { x: Float32Array; y: Float64Array; rows: number[] } {
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) if (keep(i)) rows.push(i);
  const xs = new Float32Array(rows.length * N_FEATURES);
  rows.forEach((r, j) => xs.set(x.subarray(r * N_FEATURES, (r + 1) * N_FEATURES), j * N_FEATURES));
  return { x: xs, y: Float64Array.from(rows, (r) => y[r]), rows };
}

export interface HuberSelection {
  delta: number;
  candidates: Array<{ huberDelta: number; worstFoldR2Gain: number; worstFoldMaeGain: number }>;
  /** Out-of-fold prediction of every row by the chosen threshold's fit. */
  outOfFold: Float64Array;
}

/** Chooses the Huber threshold by the rule in SELECTION_RULE. */
export function selectHuberDelta(
  x: Float32Array,
  y: ArrayLike<number>,
  folds: Int32Array,
  k: number,
  candidates: readonly number[] = HUBER_DELTA_CANDIDATES,
): HuberSelection {
  const worstR2 = candidates.map(() => Infinity);
  const worstMae = candidates.map(() => Infinity);
  const oof = candidates.map(() => new Float64Array(y.length));
  for (let fold = 0; fold < k; fold++) {
    const fit = subset(x, y, (i) => folds[i] !== fold);
    const test = subset(x, y, (i) => folds[i] === fold);
    const n = test.y.length;
    const base = regressionMetrics(test.y, fitLinearBaseline(fit.x, fit.y).predict(test.x, n));
    candidates.forEach((delta, c) => {
      const predicted = fitRobustLinear(fit.x, fit.y, delta).model.predict(test.x, n);
      const m = regressionMetrics(test.y, predicted);
      worstR2[c] = Math.min(worstR2[c], (m.r2 ?? 0) - (base.r2 ?? 0));
      worstMae[c] = Math.min(worstMae[c], base.mae - m.mae);
      test.rows.forEach((row, j) => (oof[c][row] = predicted[j]));
    });
  }
  const kept = candidates.map((_, c) => c).filter((c) => worstR2[c] >= 0 && worstMae[c] >= 0);
  const byWorstR2 = candidates.map((_, c) => c).sort((a, b) => worstR2[b] - worstR2[a]);
  const chosen =
    kept.length > 0 ? kept.reduce((a, b) => (candidates[b] > candidates[a] ? b : a)) : byWorstR2[0];
  return {
    delta: candidates[chosen],
    candidates: candidates.map((huberDelta, c) => ({
      huberDelta,
      worstFoldR2Gain: Number(worstR2[c].toFixed(6)),
      worstFoldMaeGain: Number(worstMae[c].toFixed(6)),
    })),
    outOfFold: oof[chosen],
  };
}
