import { binFeatures } from './binned-features';
import { RegressionTree, predictTree } from './regression-tree';
import { SeededRng } from './rng';
import { TreeBuilder } from './tree-builder';
import { TreeForest } from './tree-forest';

export interface ScaleTreeParams {
  readonly rounds: number;
  readonly maxDepth: number;
  readonly learningRate: number;
  readonly minSamplesLeaf: number;
  readonly seed: number;
}

export const DEFAULT_SCALE_TREE_PARAMS: ScaleTreeParams = {
  rounds: 40,
  maxDepth: 2,
  learningRate: 0.1,
  minSamplesLeaf: 100,
  seed: 7,
};

/**
 * A small boosted ensemble (squared loss) predicting the size of a student's residual,
 * |y − ŷ|, from the factors: the per-student scale of the conformal interval and
 * confidence. Each tree is fitted to what the previous ones left unexplained; the learning
 * rate is folded into every node value, so the ensemble is bias (mean |residual|) + Σ trees.
 */
export function fitScaleTrees(
  x: Float32Array,
  absResiduals: ArrayLike<number>,
  nFeatures: number,
  params: ScaleTreeParams = DEFAULT_SCALE_TREE_PARAMS,
): TreeForest {
  const n = absResiduals.length;
  // Small data sets (a school's first few hundred students) get proportionally smaller leaves.
  const minSamplesLeaf = Math.max(5, Math.min(params.minSamplesLeaf, Math.floor(n / 10)));
  if (n < 2 * minSamplesLeaf) throw new RangeError('too few rows for the scale trees');
  let bias = 0;
  for (let i = 0; i < n; i++) bias += absResiduals[i];
  bias /= n;
  const current = new Float64Array(n).fill(bias);
  const target = new Float64Array(n);
  const builder = new TreeBuilder(
    binFeatures(x, n, nFeatures),
    target,
    {
      featuresPerSplit: nFeatures,
      minSamplesLeaf,
      maxDepth: params.maxDepth,
      splitter: 'best',
    },
    new Float64Array(nFeatures),
  );
  const weights = new Float64Array(n).fill(1);
  const rng = new SeededRng(params.seed);
  const trees: RegressionTree[] = [];
  for (let t = 0; t < params.rounds; t++) {
    for (let i = 0; i < n; i++) target[i] = absResiduals[i] - current[i];
    const grown = builder.grow(weights, rng);
    const tree: RegressionTree = {
      ...grown,
      value: grown.value.map((v) => Math.fround(v * params.learningRate)),
    };
    trees.push(tree);
    for (let i = 0; i < n; i++) current[i] += predictTree(tree, x, i * nFeatures);
  }
  return new TreeForest(trees, nFeatures, 'sum', Math.fround(bias));
}
