/** Regression error figures over `n` rows. */
export interface RegressionMetrics {
  n: number;
  /**
   * Coefficient of determination 1 − SSE/SST (SST around the rows' own mean); null when
   * the actual scores do not vary (e.g. a single row).
   */
  r2: number | null;
  mae: number;
  rmse: number;
  /** Mean of (predicted − actual): positive means over-prediction. */
  bias: number;
}

type Numbers = ArrayLike<number>;

export function regressionMetrics(actual: Numbers, predicted: Numbers): RegressionMetrics {
  const n = actual.length;
  if (n !== predicted.length) throw new RangeError('actual and predicted lengths differ');
  if (n === 0) throw new RangeError('metrics need at least one row');
  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i];
  mean /= n;
  let sse = 0;
  let sst = 0;
  let sae = 0;
  let se = 0;
  for (let i = 0; i < n; i++) {
    const e = predicted[i] - actual[i];
    sse += e * e;
    sae += Math.abs(e);
    se += e;
    sst += (actual[i] - mean) ** 2;
  }
  return {
    n,
    r2: sst > 0 ? 1 - sse / sst : null,
    mae: sae / n,
    rmse: Math.sqrt(sse / n),
    bias: se / n,
  };
}

/** Rounds every numeric field for display in the model card. */
export function roundMetrics(m: RegressionMetrics, digits = 4): RegressionMetrics {
  const r = (v: number): number => Number(v.toFixed(digits));
  return {
    n: m.n,
    r2: m.r2 === null ? null : r(m.r2),
    mae: r(m.mae),
    rmse: r(m.rmse),
    bias: r(m.bias),
  };
}
