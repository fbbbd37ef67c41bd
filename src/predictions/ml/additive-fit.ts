import { ConformalCalibration, fitScaledConformal, probabilityBelow } from './conformal';
import { splitRows } from './data-split';
import { chooseProbabilityLevel } from './early-warning';
import { encodeBatch, N_FEATURES } from './features';
import { LabelledStudent } from './labelled-student';
import { linearToTrees } from './linear-trees';
import { fitRobustLinear } from './robust-linear';
import { foldsOf, HuberSelection, selectHuberDelta, subset } from './robust-selection';
import { fitScaleTrees } from './scale-trees';
import { TrainingParams } from './training-params';
import { TreeForest } from './tree-forest';

/** Training and held-out rows, encoded. */
export interface EncodedSplit {
  train: readonly LabelledStudent[];
  held: readonly LabelledStudent[];
  xTrain: Float32Array;
  yTrain: Float64Array;
  xHeld: Float32Array;
  yHeld: Float64Array;
  trainRows: number[];
  heldOutRows: number[];
}

export function encodeSplit(
  rows: readonly LabelledStudent[],
  params: TrainingParams,
): EncodedSplit {
  const split = splitRows(rows.length, params.heldOutFraction, params.splitSeed);
  const train = split.train.map((i) => rows[i]);
  const held = split.heldOut.map((i) => rows[i]);
  return {
    train,
    held,
    xTrain: encodeBatch(train.map((r) => r.factors)),
    yTrain: Float64Array.from(train, (r) => r.examScore),
    xHeld: encodeBatch(held.map((r) => r.factors)),
    yHeld: Float64Array.from(held, (r) => r.examScore),
    trainRows: split.train,
    heldOutRows: split.heldOut,
  };
}

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
