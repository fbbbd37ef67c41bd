import { BinnedFeatures, MAX_BINS } from './binned-features';
import { RegressionTree } from './regression-tree';
import { SeededRng } from './rng';

export interface TreeGrowthLimits {
  /** Number of features examined at each split (the random-forest "mtry"). */
  readonly featuresPerSplit: number;
  /** Minimum number of distinct training rows in each leaf. */
  readonly minSamplesLeaf: number;
  readonly maxDepth: number;
  /** 'best': exhaustive search over bin edges; 'random': one random cut per feature (extra-trees). */
  readonly splitter: 'best' | 'random';
}

interface Split {
  feature: number;
  /** Rows with bin <= lastLeftBin go left. */
  lastLeftBin: number;
  firstRightBin: number;
  gain: number;
}

/**
 * Grows one CART regression tree (squared-error criterion) on histogram bins.
 *
 * `weights[i]` is how many times row i was drawn into this tree's bootstrap sample
 * (0 = out of bag). Node values are weighted means; a split's gain is the weighted
 * sum-of-squares decrease  S_L²/W_L + S_R²/W_R − S²/W  (S = Σ w·y, W = Σ w), which is
 * also what the impurity-based importance accumulates.
 */
export class TreeBuilder {
  private readonly count = new Int32Array(MAX_BINS);
  private readonly wsum = new Float64Array(MAX_BINS);
  private readonly ysum = new Float64Array(MAX_BINS);
  private readonly featureOrder: Int32Array;

  private idx: Int32Array = new Int32Array(0);
  private weights: Float64Array = new Float64Array(0);
  private rng = new SeededRng(0);
  private nodes: {
    feature: number[];
    threshold: number[];
    left: number[];
    right: number[];
    value: number[];
  } = { feature: [], threshold: [], left: [], right: [], value: [] };

  constructor(
    private readonly data: BinnedFeatures,
    private readonly y: Float64Array,
    private readonly limits: TreeGrowthLimits,
    /** Receives the impurity decrease of every split, per feature. */
    private readonly importance: Float64Array,
  ) {
    this.featureOrder = new Int32Array(data.nFeatures);
  }

  grow(weights: Float64Array, rng: SeededRng): RegressionTree {
    this.weights = weights;
    this.rng = rng;
    let n = 0;
    for (let i = 0; i < weights.length; i++) if (weights[i] > 0) n++;
    this.idx = new Int32Array(n);
    for (let i = 0, k = 0; i < weights.length; i++) if (weights[i] > 0) this.idx[k++] = i;
    this.nodes = { feature: [], threshold: [], left: [], right: [], value: [] };
    this.build(0, n, 0);
    const nd = this.nodes;
    return {
      nNodes: nd.feature.length,
      feature: Int32Array.from(nd.feature),
      threshold: Float32Array.from(nd.threshold),
      left: Int32Array.from(nd.left),
      right: Int32Array.from(nd.right),
      value: Float32Array.from(nd.value),
    };
  }

  /** Builds the subtree over idx[start, end) and returns its node id (pre-order). */
  private build(start: number, end: number, depth: number): number {
    const { idx, weights, y } = this;
    let w = 0;
    let s = 0;
    let s2 = 0;
    for (let k = start; k < end; k++) {
      const i = idx[k];
      const wi = weights[i];
      w += wi;
      s += wi * y[i];
      s2 += wi * y[i] * y[i];
    }
    const id = this.nodes.feature.length;
    const nd = this.nodes;
    nd.feature.push(-1);
    nd.threshold.push(0);
    nd.left.push(0);
    nd.right.push(0);
    nd.value.push(Math.fround(s / w));

    const rows = end - start;
    const sse = s2 - (s * s) / w;
    if (depth >= this.limits.maxDepth || rows < 2 * this.limits.minSamplesLeaf || sse <= 1e-9 * w) {
      return id;
    }
    const split = this.findSplit(start, end, w, s);
    if (split === null) return id;
    this.importance[split.feature] += split.gain;

    // Partition idx[start, end) in place: left rows first.
    const { bins, nRows } = this.data;
    const base = split.feature * nRows;
    let mid = start;
    for (let k = start; k < end; k++) {
      const i = idx[k];
      if (bins[base + i] <= split.lastLeftBin) {
        idx[k] = idx[mid];
        idx[mid] = i;
        mid++;
      }
    }
    const lowRight = this.data.binLow[split.feature][split.firstRightBin];
    const highLeft = this.data.binHigh[split.feature][split.lastLeftBin];
    let threshold = Math.fround((highLeft + lowRight) / 2);
    if (!(threshold >= highLeft && threshold < lowRight)) threshold = highLeft;
    nd.feature[id] = split.feature;
    nd.threshold[id] = threshold;
    nd.left[id] = this.build(start, mid, depth + 1);
    nd.right[id] = this.build(mid, end, depth + 1);
    return id;
  }

  /**
   * Examines features in random order until `featuresPerSplit` non-constant ones
   * have been scanned (features constant in the node do not count, as in CART
   * implementations that keep drawing), and returns the best split or null.
   */
  private findSplit(start: number, end: number, w: number, s: number): Split | null {
    const { featureOrder, rng } = this;
    const { nFeatures } = this.data;
    const rows = end - start;
    const parentScore = (s * s) / w;
    for (let f = 0; f < nFeatures; f++) featureOrder[f] = f;

    let best: Split | null = null;
    let visited = 0;
    for (let drawn = 0; drawn < nFeatures && visited < this.limits.featuresPerSplit; drawn++) {
      // Partial Fisher–Yates: pick the next random feature among those not yet drawn.
      const pick = drawn + rng.nextInt(nFeatures - drawn);
      const f = featureOrder[pick];
      featureOrder[pick] = featureOrder[drawn];
      featureOrder[drawn] = f;

      if (!this.fillHistogram(f, start, end)) continue; // constant in this node
      visited++;
      const cutValue = this.limits.splitter === 'random' ? this.randomCut(f) : NaN;
      best = this.bestCut(f, rows, w, s, parentScore, cutValue, best);
    }
    return best;
  }

  /** Fills the bin counts and sums of feature `f` over idx[start, end); false when constant. */
  private fillHistogram(f: number, start: number, end: number): boolean {
    const { idx, weights, y, count, wsum, ysum } = this;
    const { bins, nRows, nBins } = this.data;
    const nb = nBins[f];
    count.fill(0, 0, nb);
    wsum.fill(0, 0, nb);
    ysum.fill(0, 0, nb);
    const base = f * nRows;
    for (let k = start; k < end; k++) {
      const i = idx[k];
      const b = bins[base + i];
      const wi = weights[i];
      count[b]++;
      wsum[b] += wi;
      ysum[b] += wi * y[i];
    }
    let nonEmpty = 0;
    for (let b = 0; b < nb && nonEmpty < 2; b++) if (count[b] > 0) nonEmpty++;
    return nonEmpty >= 2;
  }

  /** Random splitter: a single cut point drawn uniformly within the node's value range. */
  private randomCut(f: number): number {
    const { count } = this;
    let lo = 0;
    while (count[lo] === 0) lo++;
    let hi = this.data.nBins[f] - 1;
    while (count[hi] === 0) hi--;
    const low = this.data.binLow[f][lo];
    const high = this.data.binHigh[f][hi];
    return low + this.rng.nextFloat() * (high - low);
  }

  /**
   * Scans the bin edges of feature `f` (only the first edge above `cutValue`, unless it is
   * NaN) and returns the better of `best` and the best split found.
   */
  private bestCut(
    f: number,
    rows: number,
    w: number,
    s: number,
    parentScore: number,
    cutValue: number,
    best: Split | null,
  ): Split | null {
    const { count, wsum, ysum } = this;
    const minLeaf = this.limits.minSamplesLeaf;
    const nb = this.data.nBins[f];
    let cL = 0;
    let wL = 0;
    let sL = 0;
    let prev = -1;
    for (let b = 0; b < nb; b++) {
      if (count[b] === 0) continue;
      const candidate = prev >= 0 && (Number.isNaN(cutValue) || this.data.binLow[f][b] > cutValue);
      if (candidate && cL >= minLeaf && rows - cL >= minLeaf) {
        const wR = w - wL;
        const sR = s - sL;
        const gain = (sL * sL) / wL + (sR * sR) / wR - parentScore;
        if (gain > 1e-12 && (best === null || gain > best.gain)) {
          best = { feature: f, lastLeftBin: prev, firstRightBin: b, gain };
        }
      }
      if (candidate && !Number.isNaN(cutValue)) break;
      cL += count[b];
      wL += wsum[b];
      sL += ysum[b];
      prev = b;
    }
    return best;
  }
}
