import { EncodedSplit } from './encoded-split';
import { N_FEATURES } from './features';
import { forestCoverage } from './forest-coverage';
import type { ForestFit } from './forest-fit';
import { fitLinearBaseline } from './linear-baseline';
import { regressionMetrics, roundMetrics } from './metrics';
import { CoverageCheck, ModelCard } from './model-card';
import { permutationImportance } from './permutation-importance';
import { SubgroupMetrics, subgroupMetrics } from './subgroups';
import { TrainingParams } from './training-params';

/** Every figure of the random-forest model's card. */
export interface ForestEvaluation {
  /** Mean training score (the mean baseline's prediction). */
  meanTarget: number;
  outOfBag: ModelCard['metrics']['outOfBag'];
  oobSubgroups: SubgroupMetrics;
  heldOut: ModelCard['metrics']['heldOut'];
  heldOutSubgroups: SubgroupMetrics | null;
  coverage: CoverageCheck | null;
  permutation: Float64Array;
}

type HeldOutFigures = Pick<ForestEvaluation, 'heldOut' | 'heldOutSubgroups' | 'coverage'>;

/** The forest against the baselines, per subgroup and its intervals, on the held-out rows. */
function heldOutFigures(
  s: EncodedSplit,
  fit: ForestFit,
  params: TrainingParams,
  meanTarget: number,
): HeldOutFigures {
  const n = s.held.length;
  if (n === 0) return { heldOut: null, heldOutSubgroups: null, coverage: null };
  const predicted = fit.forest.predict(s.xHeld, n);
  const linear = fitLinearBaseline(s.xTrain, s.yTrain);
  return {
    heldOut: {
      forest: roundMetrics(regressionMetrics(s.yHeld, predicted)),
      linearBaseline: roundMetrics(regressionMetrics(s.yHeld, linear.predict(s.xHeld, n))),
      meanBaseline: roundMetrics(regressionMetrics(s.yHeld, new Float64Array(n).fill(meanTarget))),
    },
    heldOutSubgroups: subgroupMetrics(
      s.held.map((r) => r.factors),
      s.yHeld,
      predicted,
    ),
    coverage: forestCoverage(
      fit.forest,
      fit.conformal,
      s.xHeld,
      s.yHeld,
      params.intervalLevel,
      params.tolerance,
    ),
  };
}

/** Out-of-bag and held-out figures and permutation importance of a fitted forest. */
export function evaluateForest(
  s: EncodedSplit,
  fit: ForestFit,
  params: TrainingParams,
): ForestEvaluation {
  const { yTrain } = s;
  const oobMean = fit.oobMean;
  const meanTarget = yTrain.reduce((a, b) => a + b, 0) / yTrain.length;
  const oobRows = Array.from(oobMean.keys()).filter((i) => Number.isFinite(oobMean[i]));
  const outOfBag = roundMetrics(
    regressionMetrics(
      oobRows.map((i) => yTrain[i]),
      oobRows.map((i) => oobMean[i]),
    ),
  );
  const oobSubgroups = subgroupMetrics(
    oobRows.map((i) => s.train[i].factors),
    oobRows.map((i) => yTrain[i]),
    oobRows.map((i) => oobMean[i]),
  );
  const held = heldOutFigures(s, fit, params, meanTarget);
  // Permutation importance on held-out rows (training rows when nothing is held out).
  const [xImp, yImp] = s.held.length > 0 ? [s.xHeld, s.yHeld] : [s.xTrain, yTrain];
  const permutation = permutationImportance(
    (x, n) => fit.forest.predict(x, n),
    xImp,
    yImp,
    N_FEATURES,
    params.splitSeed,
    params.permutationRepeats,
  );
  return { meanTarget, outOfBag, oobSubgroups, ...held, permutation };
}
