import { probabilityBelow } from './conformal';
import { warningFigures } from './early-warning';
import { N_FEATURES } from './features';
import { LabelledStudent } from './labelled-student';
import { fitLinearBaseline } from './linear-baseline';
import { regressionMetrics, roundMetrics } from './metrics';
import { CoverageCheck, CrossValidation, EarlyWarning, ModelCard } from './model-card';
import { permutationImportance } from './permutation-importance';
import { SubgroupMetrics, subgroupMetrics } from './subgroups';
import type { AdditiveFit } from './additive-fit';
import type { EncodedSplit } from './encoded-split';
import { encodeBatch } from './features';
import { fitRobustLinear } from './robust-linear';
import { foldsOf, subset } from './robust-selection';
import { intervalHalfWidth, withinToleranceProbability } from './conformal';
import type { TrainedModel } from './trained-model';
import { TrainingParams } from './training-params';

export interface AdditiveEvaluation {
  heldOut: ModelCard['metrics']['heldOut'];
  heldOutSubgroups: SubgroupMetrics | null;
  outOfFold: ModelCard['metrics']['outOfBag'];
  outOfFoldSubgroups: SubgroupMetrics;
  coverage: CoverageCheck | null;
  crossValidation: CrossValidation | undefined;
  warnings: EarlyWarning['heldOut'];
  permutation: Float64Array;
  /** Variance of each factor's contribution over the training rows, as shares. */
  contributionShare: Float64Array;
}

/** Interval coverage and stated vs observed confidence on rows the model never saw. */
function scaledCoverage(
  fit: Pick<AdditiveFit, 'trees' | 'scale' | 'conformal'>,
  x: Float32Array,
  y: ArrayLike<number>,
  level: number,
  tolerance: number,
): CoverageCheck {
  const n = y.length;
  const predicted = fit.trees.predict(x, n);
  const scale = fit.scale.predict(x, n);
  let covered = 0;
  let width = 0;
  let stated = 0;
  let within = 0;
  for (let i = 0; i < n; i++) {
    const half = intervalHalfWidth(fit.conformal, scale[i], level);
    const err = Math.abs(y[i] - predicted[i]);
    if (err <= half) covered++;
    width += 2 * half;
    stated += withinToleranceProbability(fit.conformal, scale[i], tolerance);
    if (err <= tolerance) within++;
  }
  const r = (v: number): number => Number(v.toFixed(4));
  return {
    rows: n,
    intervalCoverage: r(covered / n),
    meanIntervalWidth: r(width / n),
    meanStatedConfidence: r(stated / n),
    observedWithinTolerance: r(within / n),
  };
}

/** Mean per-fold figures of the chosen fit and the least-squares baseline over all rows. */
function crossValidate(
  rows: readonly LabelledStudent[],
  delta: number,
  folds: number,
  seed: number,
): CrossValidation | undefined {
  if (folds === 0) return undefined;
  const x = encodeBatch(rows.map((r) => r.factors));
  const y = Float64Array.from(rows, (r) => r.examScore);
  const fold = foldsOf(y.length, folds, seed);
  const sums = { model: [0, 0, 0, 0], linear: [0, 0, 0, 0] };
  const add = (into: number[], actual: Float64Array, predicted: ArrayLike<number>): void => {
    const m = regressionMetrics(actual, predicted);
    [m.r2 ?? 0, m.mae, m.rmse, m.bias].forEach((v, j) => (into[j] += v / folds));
  };
  for (let f = 0; f < folds; f++) {
    const fit = subset(x, y, (i) => fold[i] !== f);
    const test = subset(x, y, (i) => fold[i] === f);
    const n = test.y.length;
    add(sums.model, test.y, fitRobustLinear(fit.x, fit.y, delta).model.predict(test.x, n));
    add(sums.linear, test.y, fitLinearBaseline(fit.x, fit.y).predict(test.x, n));
  }
  const metrics = ([r2, mae, rmse, bias]: number[]) =>
    roundMetrics({ n: y.length, r2, mae, rmse, bias });
  return { folds, seed, model: metrics(sums.model), linearBaseline: metrics(sums.linear) };
}

/** Held-out recall and precision of the calibrated warning and of the baseline's. */
function heldOutWarnings(
  s: EncodedSplit,
  fit: AdditiveFit,
  params: TrainingParams,
  linear: Float64Array,
): EarlyWarning['heldOut'] {
  const n = s.yHeld.length;
  const predicted = fit.trees.predict(s.xHeld, n);
  const scale = fit.scale.predict(s.xHeld, n);
  return [params.risk.highBelow, params.risk.mediumBelow].map((threshold) => ({
    threshold,
    model: warningFigures(
      s.yHeld,
      Array.from(
        predicted,
        (p, i) => probabilityBelow(fit.conformal, p, scale[i], threshold) > fit.probabilityLevel,
      ),
      threshold,
    ),
    linearBaseline: warningFigures(
      s.yHeld,
      Array.from(linear, (p) => p < threshold),
      threshold,
    ),
  }));
}

function contributionShares(fit: AdditiveFit, s: EncodedSplit): Float64Array {
  const n = s.yTrain.length;
  const c = fit.trees.contributionsBatch(s.xTrain, n);
  const share = new Float64Array(N_FEATURES);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < N_FEATURES; f++) share[f] += c[i * N_FEATURES + f] ** 2 / n;
  }
  const total = share.reduce((a, b) => a + b, 0);
  return total > 0 ? share.map((v) => v / total) : share;
}

type HeldOutFigures = Pick<
  AdditiveEvaluation,
  'heldOut' | 'heldOutSubgroups' | 'coverage' | 'warnings'
>;

/** The model against the baselines, per subgroup, its intervals and warnings on held-out rows. */
function heldOutFigures(
  s: EncodedSplit,
  fit: AdditiveFit,
  params: TrainingParams,
  forest: TrainedModel | null,
  meanTarget: number,
): HeldOutFigures {
  const nHeld = s.yHeld.length;
  if (nHeld === 0) {
    return { heldOut: null, heldOutSubgroups: null, coverage: null, warnings: null };
  }
  const predicted = fit.trees.predict(s.xHeld, nHeld);
  const linear = fitLinearBaseline(s.xTrain, s.yTrain).predict(s.xHeld, nHeld);
  return {
    heldOut: {
      forest: roundMetrics(regressionMetrics(s.yHeld, predicted)),
      linearBaseline: roundMetrics(regressionMetrics(s.yHeld, linear)),
      meanBaseline: roundMetrics(
        regressionMetrics(s.yHeld, new Float64Array(nHeld).fill(meanTarget)),
      ),
      randomForest: forest?.card.metrics.heldOut?.forest ?? null,
    },
    heldOutSubgroups: subgroupMetrics(
      s.held.map((r) => r.factors),
      s.yHeld,
      predicted,
    ),
    coverage: scaledCoverage(fit, s.xHeld, s.yHeld, params.intervalLevel, params.tolerance),
    warnings: heldOutWarnings(s, fit, params, linear),
  };
}

/** Every figure of the additive model's card, from rows its choices never saw. */
export function evaluateAdditive(
  rows: readonly LabelledStudent[],
  s: EncodedSplit,
  fit: AdditiveFit,
  params: TrainingParams,
  forest: TrainedModel | null,
): AdditiveEvaluation {
  const nHeld = s.yHeld.length;
  const meanTarget = s.yTrain.reduce((a, b) => a + b, 0) / s.yTrain.length;
  const oof = fit.outOfFold.predicted;
  const base = {
    outOfFold: roundMetrics(regressionMetrics(s.yTrain, oof)),
    outOfFoldSubgroups: subgroupMetrics(
      s.train.map((r) => r.factors),
      s.yTrain,
      oof,
    ),
    crossValidation: crossValidate(rows, fit.delta, params.cvFolds, params.splitSeed + 2),
    contributionShare: contributionShares(fit, s),
  };
  const [xImp, yImp] = nHeld > 0 ? [s.xHeld, s.yHeld] : [s.xTrain, s.yTrain];
  const permutation = permutationImportance(
    (x, n) => fit.trees.predict(x, n),
    xImp,
    yImp,
    N_FEATURES,
    params.splitSeed,
    params.permutationRepeats,
  );
  return { ...base, ...heldOutFigures(s, fit, params, forest, meanTarget), permutation };
}
