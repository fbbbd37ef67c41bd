/**
 * Histogram view of a feature matrix used by the tree builder.
 *
 * Each feature's values are mapped to at most 256 ordered bins. These features are
 * small integers or category codes (≤ 51 distinct values), so every distinct value
 * normally gets its own bin and the split search is exact; with more distinct values
 * the bins are quantile ranges and splits are restricted to bin edges.
 */
export interface BinnedFeatures {
  readonly nRows: number;
  readonly nFeatures: number;
  /** Column-major bin codes: `bins[f * nRows + row]`. */
  readonly bins: Uint8Array;
  /** Number of bins of each feature. */
  readonly nBins: Int32Array;
  /** Smallest / largest raw (float32) value that falls in each bin, per feature. */
  readonly binLow: Float32Array[];
  readonly binHigh: Float32Array[];
}

export const MAX_BINS = 256;

/** Bins the row-major float32 matrix `x` [nRows, nFeatures]. */
export function binFeatures(x: Float32Array, nRows: number, nFeatures: number): BinnedFeatures {
  const bins = new Uint8Array(nRows * nFeatures);
  const nBins = new Int32Array(nFeatures);
  const binLow: Float32Array[] = [];
  const binHigh: Float32Array[] = [];
  const column = new Float32Array(nRows);
  for (let f = 0; f < nFeatures; f++) {
    for (let i = 0; i < nRows; i++) column[i] = x[i * nFeatures + f];
    const distinct = Array.from(new Set(column)).sort((a, b) => a - b);
    // Upper value of each bin: every distinct value, or quantile cut points.
    let uppers: number[];
    if (distinct.length <= MAX_BINS) {
      uppers = distinct;
    } else {
      const sorted = Float32Array.from(column).sort();
      const cuts = new Set<number>();
      for (let b = 1; b <= MAX_BINS; b++) {
        cuts.add(sorted[Math.min(nRows - 1, Math.floor((b * nRows) / MAX_BINS) - 1)]);
      }
      cuts.add(distinct[distinct.length - 1]);
      uppers = Array.from(cuts).sort((a, b) => a - b);
    }
    const low = new Float32Array(uppers.length).fill(Infinity);
    const high = new Float32Array(uppers.length).fill(-Infinity);
    for (let i = 0; i < nRows; i++) {
      const v = column[i];
      // Binary search for the first upper bound >= v.
      let lo = 0;
      let hi = uppers.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (uppers[mid] >= v) hi = mid;
        else lo = mid + 1;
      }
      bins[f * nRows + i] = lo;
      if (v < low[lo]) low[lo] = v;
      if (v > high[lo]) high[lo] = v;
    }
    nBins[f] = uppers.length;
    binLow.push(low);
    binHigh.push(high);
  }
  return { nRows, nFeatures, bins, nBins, binLow, binHigh };
}
