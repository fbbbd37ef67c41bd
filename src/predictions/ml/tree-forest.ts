import { leafIndex, RegressionTree } from './regression-tree';

/** How the trees' outputs make one prediction: their mean (a forest) or bias + their sum. */
export type TreeAggregate = 'mean' | 'sum';

/**
 * A fitted tree ensemble evaluated in TypeScript. Serving uses onnxruntime for predictions;
 * this class is the training-side reference and computes explanations, which need the
 * internal node values that the ONNX operator does not expose. A forest averages its trees;
 * an additive ensemble adds `bias` and the sum of its trees.
 */
export class TreeForest {
  constructor(
    readonly trees: readonly RegressionTree[],
    readonly nFeatures: number,
    readonly aggregate: TreeAggregate = 'mean',
    readonly bias = 0,
  ) {
    if (trees.length === 0) throw new Error('a forest needs at least one tree');
    if (aggregate === 'mean' && bias !== 0) throw new Error('a mean of trees has no bias');
  }

  /** Divisor of the summed tree outputs: the number of trees for a mean, else 1. */
  private get divisor(): number {
    return this.aggregate === 'mean' ? this.trees.length : 1;
  }

  get nTrees(): number {
    return this.trees.length;
  }

  get nNodes(): number {
    return this.trees.reduce((n, t) => n + t.nNodes, 0);
  }

  /**
   * Base value of the path attributions: the aggregate of the trees' root values. For a
   * forest, the average training target over the bootstrap samples; for an additive
   * ensemble, bias + Σ root values, the average training prediction.
   */
  get baseValue(): number {
    let s = 0;
    for (const t of this.trees) s += t.value[0];
    return this.bias + s / this.divisor;
  }

  /** Every tree's output for every row: row-major [nRows, nTrees], float32 as in ONNX. */
  predictPerTree(x: Float32Array, nRows: number): Float32Array {
    const T = this.trees.length;
    const out = new Float32Array(nRows * T);
    for (let t = 0; t < T; t++) {
      const tree = this.trees[t];
      for (let i = 0; i < nRows; i++) {
        out[i * T + t] = tree.value[leafIndex(tree, x, i * this.nFeatures)];
      }
    }
    return out;
  }

  /** The ensemble's prediction per row (forest mean, or bias + sum of the trees). */
  predict(x: Float32Array, nRows: number): Float64Array {
    const T = this.trees.length;
    const perTree = this.predictPerTree(x, nRows);
    const out = new Float64Array(nRows);
    const d = this.divisor;
    for (let i = 0; i < nRows; i++) {
      let s = 0;
      for (let t = 0; t < T; t++) s += perTree[i * T + t];
      out[i] = this.bias + s / d;
    }
    return out;
  }

  /**
   * Path attributions (Saabas): walking a tree from root to leaf, each split moves the
   * node value from parent to child; that change is credited to the split's feature.
   * The changes telescope, so per tree  leaf = root + Σ credits, and averaged over the
   * trees (or summed with the bias)  prediction = baseValue + Σ_features contribution  exactly (up to float64
   * rounding). Returns one contribution per feature for row `row` of `x`.
   */
  contributions(x: Float32Array, row: number): Float64Array {
    const out = new Float64Array(this.nFeatures);
    const offset = row * this.nFeatures;
    for (const tree of this.trees) {
      const { feature, threshold, left, right, value } = tree;
      let node = 0;
      while (feature[node] >= 0) {
        const f = feature[node];
        const next = x[offset + f] <= threshold[node] ? left[node] : right[node];
        out[f] += value[next] - value[node];
        node = next;
      }
    }
    const d = this.divisor;
    for (let f = 0; f < this.nFeatures; f++) out[f] /= d;
    return out;
  }

  /**
   * `contributions` for every row of `x` at once: row-major [nRows, nFeatures]. Walks the
   * trees one at a time over all rows (a tree's arrays stay in cache), which is several times
   * faster than row by row for large batches; the figures are identical.
   */
  contributionsBatch(x: Float32Array, nRows: number): Float64Array {
    const F = this.nFeatures;
    const out = new Float64Array(nRows * F);
    for (const tree of this.trees) {
      const { feature, threshold, left, right, value } = tree;
      for (let i = 0; i < nRows; i++) {
        const offset = i * F;
        let node = 0;
        let f = feature[0];
        while (f >= 0) {
          const next = x[offset + f] <= threshold[node] ? left[node] : right[node];
          out[offset + f] += value[next] - value[node];
          node = next;
          f = feature[node];
        }
      }
    }
    const d = this.divisor;
    for (let k = 0; k < out.length; k++) out[k] /= d;
    return out;
  }
}
