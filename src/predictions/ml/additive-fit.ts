import { ConformalCalibration, fitScaledConformal, probabilityBelow } from './conformal';
import { chooseProbabilityLevel } from './early-warning';
import { EncodedSplit } from './encoded-split';
import { N_FEATURES } from './features';
import { linearToTrees } from './linear-trees';
import { fitRobustLinear } from './robust-linear';
import { foldsOf, HuberSelection, selectHuberDelta, subset } from './robust-selection';
import { fitScaleTrees } from './scale-trees';
import { TrainingParams } from './training-params';
import { TreeForest } from './tree-forest';

/** Scale of each row from scale trees fitted on the other folds' |residuals|. */
function crossFittedScales(
  x: Float32Array,
  absResiduals: Float64Array,
  folds: Int32Array,
  k: number,
): Float64Array {
  const out = new Float64Array(absResiduals.length);
  for (let fold = 0; fold < k; fold++) {
    const fit = subset(x, absResiduals, (i) => folds[i] !== fold);
    const test = subset(x, absResiduals, (i) => folds[i] === fold);
    const scale = fitScaleTrees(fit.x, fit.y, N_FEATURES).predict(test.x, test.y.length);
    test.rows.forEach((row, j) => (out[row] = scale[j]));
  }
  return out;
}

/** The fitted parts of an additive model. */
export interface AdditiveFit {
  delta: number;
  selection: HuberSelection;
  trees: TreeForest;
  scale: TreeForest;
  conformal: ConformalCalibration;
  /** Out-of-fold predictions, scales and chances of the training rows. */
  outOfFold: { predicted: Float64Array; scale: Float64Array };
  probabilityLevel: number;
}

/** Fits the additive model and its uncertainty on the training rows only. */
export function fitAdditive(s: EncodedSplit, params: TrainingParams): AdditiveFit {
  const k = params.innerFolds;
  const folds = foldsOf(s.yTrain.length, k, params.splitSeed + 1);
  const selection = selectHuberDelta(s.xTrain, s.yTrain, folds, k);
  const fit = fitRobustLinear(s.xTrain, s.yTrain, selection.delta);
  const trees = linearToTrees(fit.model, s.xTrain, s.yTrain.length);
  const predicted = selection.outOfFold;
  const residuals = Float64Array.from(s.yTrain, (y, i) => y - predicted[i]);
  const absResiduals = residuals.map(Math.abs);
  const oofScale = crossFittedScales(s.xTrain, absResiduals, folds, k);
  const conformal = fitScaledConformal(residuals, oofScale);
  const scale = fitScaleTrees(s.xTrain, absResiduals, N_FEATURES);
  const chance = Float64Array.from(predicted, (p, i) =>
    probabilityBelow(conformal, p, oofScale[i], params.risk.mediumBelow),
  );
  const probabilityLevel = chooseProbabilityLevel(s.yTrain, chance, params.risk.mediumBelow);
  return {
    delta: selection.delta,
    selection,
    trees,
    scale,
    conformal,
    outOfFold: { predicted, scale: oofScale },
    probabilityLevel,
  };
}
