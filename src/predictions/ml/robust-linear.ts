import { choleskySolve, design, designColumns, LinearBaseline } from './linear-baseline';

/** A linear fit with the Huber loss, its intercept moved so the training residuals average 0. */
export interface RobustLinearFit {
  readonly model: LinearBaseline;
  /** Huber threshold (points): residuals beyond it weigh delta/|r| instead of 1. */
  readonly delta: number;
  /** Mean training residual of the Huber fit, added to its intercept. */
  readonly shift: number;
  readonly iterations: number;
}

const MAX_ITERATIONS = 50;
/** Stop when no prediction moves by more than this many points. */
const CONVERGED = 1e-6;
const RIDGE = 1e-6;

/**
 * Weighted least squares on a centred design (column means `centre`); returns the
 * coefficients and intercept on the original scale.
 */
function weightedFit(
  d: Float64Array,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  p: number,
  centre: Float64Array,
): { coefficients: Float64Array; intercept: number } {
  const n = y.length;
  const q = p + 1; // the centred columns, then the intercept
  const a = new Float64Array(q * q);
  const b = new Float64Array(q);
  const row = new Float64Array(q);
  let wTotal = 0;
  for (let i = 0; i < n; i++) {
    const wi = w[i];
    if (wi === 0) continue;
    wTotal += wi;
    for (let c = 0; c < p; c++) row[c] = d[i * p + c] - centre[c];
    row[p] = 1;
    for (let r = 0; r < q; r++) {
      const wr = wi * row[r];
      b[r] += wr * y[i];
      const base = r * q;
      for (let c = 0; c <= r; c++) a[base + c] += wr * row[c];
    }
  }
  for (let r = 0; r < q; r++) {
    for (let c = 0; c < r; c++) a[c * q + r] = a[r * q + c];
    a[r * q + r] += RIDGE * wTotal;
  }
  const beta = choleskySolve(a, b, q);
  const coefficients = beta.slice(0, p);
  let intercept = beta[p];
  for (let c = 0; c < p; c++) intercept -= coefficients[c] * centre[c];
  return { coefficients, intercept };
}

function predictDesign(
  d: Float64Array,
  n: number,
  p: number,
  fit: { coefficients: Float64Array; intercept: number },
  out: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    let s = fit.intercept;
    for (let c = 0; c < p; c++) s += fit.coefficients[c] * d[i * p + c];
    out[i] = s;
  }
}

/**
 * Huber regression on the one-hot design of the linear baseline, by iteratively reweighted
 * least squares (weight 1 for |r| <= delta, delta/|r| beyond). A few exam scores far above
 * what the factors explain pull least-squares slopes towards them; Huber slopes follow the
 * bulk of the students. The intercept is then moved by the mean training residual, so the
 * fit still predicts the average score (what least squares, and R², reward), not the median.
 */
export function fitRobustLinear(
  x: Float32Array,
  y: ArrayLike<number>,
  delta: number,
): RobustLinearFit {
  if (!(delta > 0)) throw new RangeError('the Huber threshold must be positive');
  const n = y.length;
  const cols = designColumns();
  const p = cols.length;
  const d = design(cols, x, n);
  const centre = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let c = 0; c < p; c++) centre[c] += d[i * p + c] / n;
  const weights = new Float64Array(n).fill(1);
  let fit = weightedFit(d, y, weights, p, centre);
  const predicted = new Float64Array(n);
  const previous = new Float64Array(n);
  predictDesign(d, n, p, fit, predicted);
  let iterations = 0;
  while (iterations < MAX_ITERATIONS) {
    iterations++;
    for (let i = 0; i < n; i++) {
      const r = Math.abs(y[i] - predicted[i]);
      weights[i] = r <= delta ? 1 : delta / r;
    }
    fit = weightedFit(d, y, weights, p, centre);
    previous.set(predicted);
    predictDesign(d, n, p, fit, predicted);
    let moved = 0;
    for (let i = 0; i < n; i++) moved = Math.max(moved, Math.abs(predicted[i] - previous[i]));
    if (moved < CONVERGED) break;
  }
  let shift = 0;
  for (let i = 0; i < n; i++) shift += y[i] - predicted[i];
  shift /= n;
  const intercept = fit.intercept + shift;
  const { coefficients } = fit;
  const model: LinearBaseline = {
    columns: cols.map((c) => c.name),
    coefficients,
    intercept,
    predict(xs: Float32Array, m: number): Float64Array {
      const out = new Float64Array(m);
      predictDesign(design(cols, xs, m), m, p, { coefficients, intercept }, out);
      return out;
    },
  };
  return { model, delta, shift, iterations };
}
