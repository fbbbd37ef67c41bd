import { ConformalCalibration, fitConformal } from './conformal';
import { EncodedSplit } from './encoded-split';
import { N_FEATURES } from './features';
import {
  AffineCalibration,
  calibrateForest,
  fitAffineCalibration,
  IDENTITY_CALIBRATION,
} from './leaf-calibration';
import { ModelCard } from './model-card';
import { fitRandomForest } from './random-forest';
import { winsoriseTargets } from './robust-targets';
import { TrainingParams } from './training-params';
import { TrainingProgress } from './trained-model';
import { TreeForest } from './tree-forest';

const round = (v: number, digits = 4): number => Number(v.toFixed(digits));

/** Progress of one stage: work units done over the whole run. */
export type StageReport = (stage: TrainingProgress['stage'], done: number) => void;

/** The fitted parts of a random-forest model. */
export interface ForestFit {
  /** The forest with the leaf calibration folded into its trees. */
  forest: TreeForest;
  /** Impurity (squared-error) decrease per feature, normalised to sum to 1. */
  impurityImportance: Float64Array;
  robust: ModelCard['model']['robustTargets'];
  calibration: AffineCalibration;
  /** Calibrated out-of-bag prediction of each training row (NaN where it has none). */
  oobMean: Float64Array;
  conformal: ConformalCalibration;
}

/** Trees of the preliminary forest whose residuals clip the targets (0: no robust pass). */
export const robustPassTrees = (params: TrainingParams): number =>
  params.robustClipK === null ? 0 : params.robustPassTrees;

/** Targets to fit: the scores, clipped by a preliminary forest's OOB residuals when asked. */
function robustTargets(
  s: EncodedSplit,
  params: TrainingParams,
  report: StageReport,
): { yFit: Float64Array; robust: ModelCard['model']['robustTargets'] } {
  if (params.robustClipK === null) return { yFit: s.yTrain, robust: null };
  const k = params.robustClipK;
  const prelim = fitRandomForest(
    s.xTrain,
    s.yTrain,
    N_FEATURES,
    { ...params.forest, nTrees: robustPassTrees(params) },
    (d) => report('robust-pass', d),
  );
  const w = winsoriseTargets(s.yTrain, prelim.oob.mean, k);
  return { yFit: w.y, robust: { k, clippedRows: w.clipped, clipLimit: round(w.limit) } };
}

/**
 * Robust targets, the forest with OOB estimates, leaf calibration fitted on the OOB
 * predictions and folded into the trees, and conformal calibration on the OOB residuals
 * against the original scores.
 */
export function fitForest(s: EncodedSplit, params: TrainingParams, report: StageReport): ForestFit {
  const { yFit, robust } = robustTargets(s, params, report);
  const robustTrees = robustPassTrees(params);
  const fitted = fitRandomForest(s.xTrain, yFit, N_FEATURES, params.forest, (d) =>
    report('forest', robustTrees + d),
  );
  const calibration: AffineCalibration = params.leafCalibration
    ? fitAffineCalibration(fitted.oob.mean, yFit)
    : IDENTITY_CALIBRATION;
  const forest = calibrateForest(fitted.forest, calibration);
  const oobMean = Float64Array.from(
    fitted.oob.mean,
    (v) => calibration.intercept + calibration.slope * v,
  );
  const oobSpread = Float64Array.from(fitted.oob.spread, (v) => Math.abs(calibration.slope) * v);
  const absResiduals = Float64Array.from(s.yTrain, (y, i) => Math.abs(y - oobMean[i]));
  return {
    forest,
    impurityImportance: fitted.impurityImportance,
    robust,
    calibration,
    oobMean,
    conformal: fitConformal(absResiduals, oobSpread),
  };
}
