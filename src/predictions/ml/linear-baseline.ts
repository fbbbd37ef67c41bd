import { FEATURE_SPECS, MISSING_CODE, N_FEATURES } from './features';

/**
 * Ordinary least squares on a one-hot design, used as the model card's baseline.
 *
 * Design: numeric and boolean features as they are; each ordinal feature becomes one
 * 0/1 column per category except the first (and one for "missing" when nullable).
 * Columns are standardised, then the normal equations (XᵀX + λI)β = Xᵀy are solved by
 * Cholesky; the tiny ridge λ only guards against a singular XᵀX (e.g. a category
 * that never occurs).
 */
export interface LinearBaseline {
  readonly columns: readonly string[];
  /** Coefficients per design column on the original (unstandardised) scale. */
  readonly coefficients: Float64Array;
  readonly intercept: number;
  predict(x: Float32Array, nRows: number): Float64Array;
}

export interface DesignColumn {
  name: string;
  feature: number;
  /** For a dummy column: the code it indicates. Undefined for a pass-through column. */
  code?: number;
}

/** The design columns, in order: pass-through numeric/boolean, one 0/1 column per other category. */
export function designColumns(): DesignColumn[] {
  const cols: DesignColumn[] = [];
  FEATURE_SPECS.forEach((spec, feature) => {
    if (spec.kind !== 'ordinal') {
      cols.push({ name: spec.name, feature });
      return;
    }
    const levels = spec.levels ?? [];
    for (let code = 1; code < levels.length; code++) {
      cols.push({ name: `${spec.name}=${levels[code]}`, feature, code });
    }
    if (spec.nullable) cols.push({ name: `${spec.name}=null`, feature, code: MISSING_CODE });
  });
  return cols;
}

/** The design matrix, row-major [nRows, columns]. */
export function design(cols: DesignColumn[], x: Float32Array, nRows: number): Float64Array {
  const p = cols.length;
  const out = new Float64Array(nRows * p);
  for (let i = 0; i < nRows; i++) {
    for (let c = 0; c < p; c++) {
      const v = x[i * N_FEATURES + cols[c].feature];
      const code = cols[c].code;
      out[i * p + c] = code === undefined ? v : v === code ? 1 : 0;
    }
  }
  return out;
}

/** Solves A z = b in place for symmetric positive-definite A (p×p, row-major). */
export function choleskySolve(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
      if (i === j) {
        if (s <= 0) throw new Error('matrix is not positive definite');
        l[i * p + i] = Math.sqrt(s);
      } else {
        l[i * p + j] = s / l[j * p + j];
      }
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * z[k];
    z[i] = s / l[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * z[k];
    z[i] = s / l[i * p + i];
  }
  return z;
}

export function fitLinearBaseline(
  x: Float32Array,
  y: ArrayLike<number>,
  ridge = 1e-6,
): LinearBaseline {
  const nRows = y.length;
  const cols = designColumns();
  const p = cols.length;
  const d = design(cols, x, nRows);
  const mean = new Float64Array(p);
  const scale = new Float64Array(p);
  let yMean = 0;
  for (let i = 0; i < nRows; i++) {
    yMean += y[i];
    for (let c = 0; c < p; c++) mean[c] += d[i * p + c];
  }
  yMean /= nRows;
  for (let c = 0; c < p; c++) mean[c] /= nRows;
  for (let i = 0; i < nRows; i++) {
    for (let c = 0; c < p; c++) scale[c] += (d[i * p + c] - mean[c]) ** 2;
  }
  // Constant columns keep scale 1 (their standardised values are all 0).
  for (let c = 0; c < p; c++) scale[c] = Math.sqrt(scale[c] / nRows) || 1;

  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  const row = new Float64Array(p);
  for (let i = 0; i < nRows; i++) {
    for (let c = 0; c < p; c++) row[c] = (d[i * p + c] - mean[c]) / scale[c];
    const yc = y[i] - yMean;
    for (let a = 0; a < p; a++) {
      xty[a] += row[a] * yc;
      for (let b = 0; b <= a; b++) xtx[a * p + b] += row[a] * row[b];
    }
  }
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < a; b++) xtx[b * p + a] = xtx[a * p + b];
    xtx[a * p + a] += ridge * nRows;
  }
  const beta = choleskySolve(xtx, xty, p);
  const coefficients = new Float64Array(p);
  let intercept = yMean;
  for (let c = 0; c < p; c++) {
    coefficients[c] = beta[c] / scale[c];
    intercept -= coefficients[c] * mean[c];
  }
  return {
    columns: cols.map((c) => c.name),
    coefficients,
    intercept,
    predict(xs: Float32Array, n: number): Float64Array {
      const dm = design(cols, xs, n);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = intercept;
        for (let c = 0; c < p; c++) s += coefficients[c] * dm[i * p + c];
        out[i] = s;
      }
      return out;
    },
  };
}
