/**
 * Outlier-robust training targets.
 *
 * A handful of exam scores (up to 101 where the rest of the data says ~70) are
 * unexplainable by the factors. With a squared-error criterion each of them drags
 * every leaf it lands in upwards. Before the final fit, scores whose out-of-bag
 * residual exceeds `k` robust standard deviations (1.4826 × median absolute residual)
 * are clipped to OOB prediction ± k·σ. Metrics and calibration always use the
 * original scores.
 */
export interface WinsorisedTargets {
  readonly y: Float64Array;
  /** Rows whose score was clipped. */
  readonly clipped: number;
  /** The clipping half-width k·σ, in score points. */
  readonly limit: number;
}

export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

export function winsoriseTargets(
  y: Float64Array,
  oobMean: Float64Array,
  k: number,
): WinsorisedTargets {
  const absResiduals: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (Number.isFinite(oobMean[i])) absResiduals.push(Math.abs(y[i] - oobMean[i]));
  }
  const sigma = 1.4826 * median(absResiduals);
  const limit = k * sigma;
  let clipped = 0;
  const out = Float64Array.from(y, (v, i) => {
    const m = oobMean[i];
    if (!Number.isFinite(m) || !(limit > 0)) return v;
    if (Math.abs(v - m) <= limit) return v;
    clipped++;
    return v > m ? m + limit : m - limit;
  });
  return { y: out, clipped, limit };
}
