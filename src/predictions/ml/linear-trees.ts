import { FEATURE_SPECS, MISSING_CODE, N_FEATURES } from './features';
import { designColumns, LinearBaseline } from './linear-baseline';
import { RegressionTree } from './regression-tree';
import { TreeForest } from './tree-forest';

/**
 * A linear model of the encoded factors as an additive tree ensemble, exactly.
 *
 * The model is a sum of one function per factor, g_f(x_f) = Σ coefficients of f's design
 * columns (the value times its slope for a number, the category's coefficient for a
 * category). Every factor is discrete and bounded: numbers take a few dozen values in the
 * training data, categories a handful of codes. So g_f is a tree on x_f alone with one leaf
 * per value (a balanced tree with midpoint thresholds), and the model is bias + Σ_f tree_f,
 * which an ONNX TreeEnsembleRegressor (aggregate SUM, base value = intercept) evaluates.
 * Between two values a number takes the nearer one's leaf; outside the training range the
 * outermost leaf (trees do not extrapolate). Node values are the training mean of the
 * leaves below, so the path attribution of factor f is g_f(x_f) minus its training mean:
 * the exact Shapley value of an additive model.
 */
export function linearToTrees(model: LinearBaseline, x: Float32Array, nRows: number): TreeForest {
  const cols = designColumns();
  const trees: RegressionTree[] = [];
  let bias = model.intercept;
  for (let f = 0; f < N_FEATURES; f++) {
    const mine = cols.map((c, k) => ({ ...c, k })).filter((c) => c.feature === f);
    const g = (v: number): number =>
      mine.reduce(
        (s, c) => s + model.coefficients[c.k] * (c.code === undefined ? v : v === c.code ? 1 : 0),
        0,
      );
    const values = gridValues(f, x, nRows);
    const counts = new Map<number, number>();
    for (let i = 0; i < nRows; i++) {
      const v = x[i * N_FEATURES + f];
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    if (values.length < 2) {
      bias += values.length === 1 ? g(values[0]) : 0;
      continue;
    }
    trees.push(balancedTree(f, values, g, counts));
  }
  if (trees.length === 0) throw new RangeError('every factor is constant: nothing to split on');
  return new TreeForest(trees, N_FEATURES, 'sum', bias);
}

/** The values a tree on factor f distinguishes, ascending (float32, as encoded). */
function gridValues(f: number, x: Float32Array, nRows: number): number[] {
  const spec = FEATURE_SPECS[f];
  if (spec.kind === 'boolean') return [0, 1];
  if (spec.kind === 'ordinal') {
    const codes = (spec.levels ?? []).map((_, code) => code);
    return spec.nullable ? [MISSING_CODE, ...codes] : codes;
  }
  const seen = new Set<number>();
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < nRows; i++) {
    const v = x[i * N_FEATURES + f];
    seen.add(v);
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  // Whole numbers between the smallest and largest value seen get their own leaf too.
  for (let v = Math.ceil(lo); v <= hi && seen.size < 1000; v++) seen.add(Math.fround(v));
  return Array.from(seen).sort((a, b) => a - b);
}

function balancedTree(
  feature: number,
  values: readonly number[],
  g: (v: number) => number,
  counts: ReadonlyMap<number, number>,
): RegressionTree {
  const nd = { feature: [] as number[], threshold: [] as number[], left: [] as number[] };
  const right: number[] = [];
  const value: number[] = [];
  /** Builds the node over values[lo, hi) in pre-order; returns [id, Σ count·g, Σ count]. */
  const build = (lo: number, hi: number): [number, number, number] => {
    const id = nd.feature.length;
    nd.feature.push(-1);
    nd.threshold.push(0);
    nd.left.push(0);
    right.push(0);
    value.push(0);
    if (hi - lo === 1) {
      const v = g(values[lo]);
      value[id] = Math.fround(v);
      const c = counts.get(values[lo]) ?? 0;
      return [id, c * v, c];
    }
    const mid = (lo + hi) >> 1;
    const [l, sl, cl] = build(lo, mid);
    const [r, sr, cr] = build(mid, hi);
    let threshold = Math.fround((values[mid - 1] + values[mid]) / 2);
    if (!(threshold >= values[mid - 1] && threshold < values[mid])) threshold = values[mid - 1];
    nd.feature[id] = feature;
    nd.threshold[id] = threshold;
    nd.left[id] = l;
    right[id] = r;
    // Training mean below the node; a range no student fell in takes its leaves' mean.
    value[id] = Math.fround(cl + cr > 0 ? (sl + sr) / (cl + cr) : (value[l] + value[r]) / 2);
    return [id, sl + sr, cl + cr];
  };
  build(0, values.length);
  return {
    nNodes: nd.feature.length,
    feature: Int32Array.from(nd.feature),
    threshold: Float32Array.from(nd.threshold),
    left: Int32Array.from(nd.left),
    right: Int32Array.from(right),
    value: Float32Array.from(value),
  };
}
