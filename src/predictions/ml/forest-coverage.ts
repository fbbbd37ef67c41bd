import {
  ConformalCalibration,
  intervalHalfWidth,
  spreadOf,
  withinToleranceProbability,
} from './conformal';
import { CoverageCheck } from './model-card';
import { TreeForest } from './tree-forest';

const round = (v: number, digits = 4): number => Number(v.toFixed(digits));

/** A forest's interval coverage and stated vs observed confidence on rows `x`, `y`. */
export function forestCoverage(
  forest: TreeForest,
  conformal: ConformalCalibration,
  x: Float32Array,
  y: ArrayLike<number>,
  level: number,
  tolerance: number,
): CoverageCheck {
  const n = y.length;
  const T = forest.nTrees;
  const perTree = forest.predictPerTree(x, n);
  let covered = 0;
  let width = 0;
  let stated = 0;
  let within = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < T; t++) s += perTree[i * T + t];
    const mean = s / T;
    const spread = spreadOf(perTree, i * T, T);
    const half = intervalHalfWidth(conformal, spread, level);
    const err = Math.abs(y[i] - mean);
    if (err <= half) covered++;
    width += 2 * half;
    stated += withinToleranceProbability(conformal, spread, tolerance);
    if (err <= tolerance) within++;
  }
  return {
    rows: n,
    intervalCoverage: round(covered / n),
    meanIntervalWidth: round(width / n),
    meanStatedConfidence: round(stated / n),
    observedWithinTolerance: round(within / n),
  };
}
