import { RegressionTree } from './regression-tree';
import { TreeForest } from './tree-forest';

/**
 * Affine recalibration of a forest: score' = intercept + slope · score.
 *
 * Averaging many trees shrinks random-forest predictions towards the mean (extreme
 * students are averaged with their less extreme neighbours). Regressing the target on
 * the out-of-bag predictions measures that shrinkage (slope > 1 means stretch).
 * Because the map is affine it commutes with the average over trees, so it is folded
 * into every node value of every tree: the result is still a plain forest whose
 * per-tree outputs, mean and path attributions stay mutually consistent.
 */
export interface AffineCalibration {
  readonly intercept: number;
  readonly slope: number;
}

export const IDENTITY_CALIBRATION: AffineCalibration = { intercept: 0, slope: 1 };

/** Least-squares fit of y ≈ intercept + slope · prediction over rows with a finite prediction. */
export function fitAffineCalibration(
  prediction: ArrayLike<number>,
  y: ArrayLike<number>,
): AffineCalibration {
  let n = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(prediction[i])) continue;
    n++;
    mx += prediction[i];
    my += y[i];
  }
  if (n < 2) return IDENTITY_CALIBRATION;
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(prediction[i])) continue;
    sxy += (prediction[i] - mx) * (y[i] - my);
    sxx += (prediction[i] - mx) ** 2;
  }
  if (!(sxx > 0)) return IDENTITY_CALIBRATION;
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

function calibrateTree(tree: RegressionTree, c: AffineCalibration): RegressionTree {
  return {
    ...tree,
    value: Float32Array.from(tree.value, (v) => Math.fround(c.intercept + c.slope * v)),
  };
}

export function calibrateForest(forest: TreeForest, c: AffineCalibration): TreeForest {
  return new TreeForest(
    forest.trees.map((t) => calibrateTree(t, c)),
    forest.nFeatures,
  );
}
