import { binFeatures } from './binned-features';
import { RegressionTree, predictTree } from './regression-tree';
import { deriveSeed, SeededRng } from './rng';
import { TreeBuilder } from './tree-builder';
import { TreeForest } from './tree-forest';

export interface ForestParams {
  /** Number of trees. */
  readonly nTrees: number;
  /** Fraction of the features examined at each split, in (0, 1]. */
  readonly maxFeatures: number;
  /** Minimum number of distinct training rows per leaf. */
  readonly minSamplesLeaf: number;
  readonly maxDepth: number;
  /** Bootstrap sample size as a fraction of the training rows, in (0, 1]. */
  readonly maxSamples: number;
  readonly seed: number;
  /** Split search, see TreeGrowthLimits.splitter. */
  readonly splitter: 'best' | 'random';
}

/** Out-of-bag view of the training rows: each row scored only by trees that never saw it. */
export interface OutOfBag {
  /** Mean of the OOB trees' outputs (NaN where a row was in every bootstrap sample). */
  readonly mean: Float64Array;
  /** Standard deviation of the OOB trees' outputs. */
  readonly spread: Float64Array;
  /** Number of trees for which the row was out of bag. */
  readonly count: Int32Array;
}

export interface FittedForest {
  readonly forest: TreeForest;
  readonly oob: OutOfBag;
  /** Impurity (squared-error) decrease per feature, normalised to sum to 1. */
  readonly impurityImportance: Float64Array;
}

export type ProgressCallback = (done: number, total: number) => void;

export function validateForestParams(p: ForestParams): void {
  const fail = (what: string): never => {
    throw new RangeError(`invalid forest parameter: ${what}`);
  };
  if (!Number.isInteger(p.nTrees) || p.nTrees < 1) fail('nTrees must be a positive integer');
  if (!(p.maxFeatures > 0 && p.maxFeatures <= 1)) fail('maxFeatures must be in (0, 1]');
  if (!Number.isInteger(p.minSamplesLeaf) || p.minSamplesLeaf < 1)
    fail('minSamplesLeaf must be >= 1');
  if (!Number.isInteger(p.maxDepth) || p.maxDepth < 1) fail('maxDepth must be >= 1');
  if (!(p.maxSamples > 0 && p.maxSamples <= 1)) fail('maxSamples must be in (0, 1]');
  if (!Number.isInteger(p.seed) || p.seed < 0) fail('seed must be a non-negative integer');
}

/**
 * Fits a random forest: each tree is grown on a bootstrap sample (drawn with
 * replacement) with a random subset of features per split; rows left out of a tree's
 * sample give the out-of-bag estimates. Tree t uses its own RNG seeded from
 * (seed, t), so the result is reproducible bit for bit.
 */
export function fitRandomForest(
  x: Float32Array,
  y: Float64Array,
  nFeatures: number,
  params: ForestParams,
  onProgress?: ProgressCallback,
): FittedForest {
  validateForestParams(params);
  const nRows = y.length;
  if (x.length !== nRows * nFeatures) throw new RangeError('x and y sizes disagree');
  if (nRows < 2) throw new RangeError('need at least 2 training rows');

  const data = binFeatures(x, nRows, nFeatures);
  const importance = new Float64Array(nFeatures);
  const builder = new TreeBuilder(
    data,
    y,
    {
      featuresPerSplit: Math.max(1, Math.floor(params.maxFeatures * nFeatures)),
      minSamplesLeaf: params.minSamplesLeaf,
      maxDepth: params.maxDepth,
      splitter: params.splitter,
    },
    importance,
  );
  const draws = Math.max(1, Math.round(params.maxSamples * nRows));
  const oobSum = new Float64Array(nRows);
  const oobSumSq = new Float64Array(nRows);
  const oobCount = new Int32Array(nRows);
  const weights = new Float64Array(nRows);
  const trees: RegressionTree[] = [];

  for (let t = 0; t < params.nTrees; t++) {
    const rng = new SeededRng(deriveSeed(params.seed, t));
    weights.fill(0);
    for (let d = 0; d < draws; d++) weights[rng.nextInt(nRows)]++;
    const tree = builder.grow(weights, rng);
    trees.push(tree);
    for (let i = 0; i < nRows; i++) {
      if (weights[i] > 0) continue;
      const p = predictTree(tree, x, i * nFeatures);
      oobSum[i] += p;
      oobSumSq[i] += p * p;
      oobCount[i]++;
    }
    onProgress?.(t + 1, params.nTrees);
  }

  const mean = new Float64Array(nRows);
  const spread = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) {
    const c = oobCount[i];
    mean[i] = c > 0 ? oobSum[i] / c : NaN;
    spread[i] = c > 0 ? Math.sqrt(Math.max(0, oobSumSq[i] / c - mean[i] * mean[i])) : NaN;
  }
  const total = importance.reduce((a, b) => a + b, 0);
  if (total > 0) for (let f = 0; f < nFeatures; f++) importance[f] /= total;

  return {
    forest: new TreeForest(trees, nFeatures),
    oob: { mean, spread, count: oobCount },
    impurityImportance: importance,
  };
}
