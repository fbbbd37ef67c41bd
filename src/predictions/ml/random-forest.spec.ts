import { binFeatures } from './binned-features';
import { fitRandomForest, ForestParams } from './random-forest';
import { leafIndex } from './regression-tree';
import { SeededRng } from './rng';

const params: ForestParams = {
  nTrees: 30,
  maxFeatures: 1,
  minSamplesLeaf: 1,
  maxDepth: 10,
  maxSamples: 1,
  splitter: 'best',
  seed: 7,
};

/** y = 10·[x0 > 2] + x1, with a noise feature x2. */
function synthetic(n: number, seed: number): { x: Float32Array; y: Float64Array } {
  const rng = new SeededRng(seed);
  const x = new Float32Array(n * 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i * 3] = rng.nextInt(5);
    x[i * 3 + 1] = rng.nextInt(3);
    x[i * 3 + 2] = rng.nextInt(10);
    y[i] = (x[i * 3] > 2 ? 10 : 0) + x[i * 3 + 1];
  }
  return { x, y };
}

describe('random forest', () => {
  const { x, y } = synthetic(400, 1);

  it('bins every distinct value separately when there are few', () => {
    const b = binFeatures(x, 400, 3);
    expect(Array.from(b.nBins)).toEqual([5, 3, 10]);
    expect(Array.from(b.binLow[0])).toEqual([0, 1, 2, 3, 4]);
  });

  it('learns a noiseless step function exactly, with valid pre-order trees', () => {
    const fit = fitRandomForest(x, y, 3, params);
    const p = fit.forest.predict(x, 400);
    for (let i = 0; i < 400; i++) expect(p[i]).toBeCloseTo(y[i], 5);
    // Pre-order: a split's left child is the next node, its right child comes later.
    for (const t of fit.forest.trees) {
      const splits = Array.from({ length: t.nNodes }, (_, n) => n).filter((n) => t.feature[n] >= 0);
      expect(splits.length).toBeGreaterThan(0);
      expect(splits.map((n) => t.left[n])).toEqual(splits.map((n) => n + 1));
      for (const n of splits) expect(t.right[n]).toBeGreaterThan(n);
    }
    // The noise feature earns (almost) no impurity decrease.
    expect(fit.impurityImportance[0]).toBeGreaterThan(0.8);
    expect(fit.impurityImportance[2]).toBeLessThan(0.01);
  });

  it('scores every row out of bag with the trees that did not see it', () => {
    const fit = fitRandomForest(x, y, 3, { ...params, nTrees: 50 });
    // P(in bag for all 50 trees) = (1 - 0.368)^50 ≈ 1e-10: every row is scored.
    for (let i = 0; i < 400; i++) {
      expect(fit.oob.count[i]).toBeGreaterThan(0);
      expect(Math.abs(fit.oob.mean[i] - y[i])).toBeLessThan(1e-6);
    }
    expect(fit.oob.count.reduce((a, b) => a + b, 0) / 400).toBeGreaterThan(14);
  });
});

describe('random forest: limits, seeds and parameters', () => {
  const { x, y } = synthetic(400, 1);

  it('respects minSamplesLeaf and maxDepth', () => {
    const fit = fitRandomForest(x, y, 3, { ...params, nTrees: 5, minSamplesLeaf: 40, maxDepth: 3 });
    for (const t of fit.forest.trees) {
      const rowsPerLeaf = new Map<number, number>();
      for (let i = 0; i < 400; i++) {
        const leaf = leafIndex(t, x, i * 3);
        rowsPerLeaf.set(leaf, (rowsPerLeaf.get(leaf) ?? 0) + 1);
      }
      // Leaves hold >= 40 distinct in-bag rows, so >= 40 of all rows.
      for (const count of rowsPerLeaf.values()) expect(count).toBeGreaterThanOrEqual(40);
      expect(t.nNodes).toBeLessThanOrEqual(15);
    }
  });

  it('is reproducible for a seed and changes with it', () => {
    const a = fitRandomForest(x, y, 3, { ...params, maxFeatures: 0.5, splitter: 'random' });
    const b = fitRandomForest(x, y, 3, { ...params, maxFeatures: 0.5, splitter: 'random' });
    const c = fitRandomForest(x, y, 3, {
      ...params,
      maxFeatures: 0.5,
      splitter: 'random',
      seed: 8,
    });
    expect(a.forest.trees).toEqual(b.forest.trees);
    expect(a.forest.trees).not.toEqual(c.forest.trees);
  });

  it('validates its parameters', () => {
    expect(() => fitRandomForest(x, y, 3, { ...params, nTrees: 0 })).toThrow(RangeError);
    expect(() => fitRandomForest(x, y, 3, { ...params, maxFeatures: 1.5 })).toThrow(/maxFeatures/);
    expect(() => fitRandomForest(x, y, 3, { ...params, minSamplesLeaf: 0 })).toThrow(
      /minSamplesLeaf/,
    );
    expect(() => fitRandomForest(x, y.subarray(1), 3, params)).toThrow(/sizes/);
  });
});
