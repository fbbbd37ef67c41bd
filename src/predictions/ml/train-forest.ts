import { createHash } from 'node:crypto';
import {
  ConformalCalibration,
  fitConformal,
  intervalHalfWidth,
  spreadOf,
  withinToleranceProbability,
} from './conformal';
import { splitRows } from './data-split';
import { describeEncoding, encodeBatch, ENCODING_ID, FEATURE_NAMES, N_FEATURES } from './features';
import { cardRecommendations } from './interventions';
import { LabelledStudent } from './labelled-student';
import {
  AffineCalibration,
  calibrateForest,
  fitAffineCalibration,
  IDENTITY_CALIBRATION,
} from './leaf-calibration';
import { fitLinearBaseline } from './linear-baseline';
import { regressionMetrics, roundMetrics } from './metrics';
import { CoverageCheck, MODEL_CARD_SCHEMA, ModelCard } from './model-card';
import { buildModelMetadata } from './model-metadata';
import { forestToOnnx } from './onnx-export';
import { IR_VERSION, ML_OPSET, ONNX_OPSET } from './onnx-format';
import { permutationImportance } from './permutation-importance';
import { fitRandomForest } from './random-forest';
import { treeDepth } from './regression-tree';
import { winsoriseTargets } from './robust-targets';
import { subgroupMetrics } from './subgroups';
import { resolveTrainingParams, TrainingParams, TrainingParamsInput } from './training-params';
import { TreeForest } from './tree-forest';

/** Bump when a change to the training code changes its output for the same inputs. */
export const TRAINER_REVISION = 1;
/** The same, for the additive learner. */
export const ADDITIVE_TRAINER_REVISION = 1;

export interface TrainingProgress {
  stage: 'robust-pass' | 'forest' | 'selection' | 'scale' | 'comparison' | 'evaluation';
  /** Work units done / total over the whole run (one unit per tree, plus evaluation). */
  done: number;
  total: number;
}

export interface TrainedModel {
  readonly version: string;
  /** The card, including `artifact` (file name, size, sha256 of `onnx`). */
  readonly card: ModelCard;
  /** The .onnx bytes (the card without `artifact` is embedded in its metadata). */
  readonly onnx: Uint8Array;
  /** The prediction's trees (a forest, or the additive ensemble). */
  readonly forest: TreeForest;
  /** Additive models: the ensemble predicting the size of the error. */
  readonly scale?: TreeForest;
  readonly conformal: ConformalCalibration;
  /** Row indices (into the input) used for training and held out. */
  readonly trainRows: readonly number[];
  readonly heldOutRows: readonly number[];
}

const sha256 = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');
const round = (v: number, digits = 4): number => Number(v.toFixed(digits));

/** Fingerprint of the data: factor values in feature order plus the score, per row. */
export function dataHash(rows: readonly LabelledStudent[]): string {
  const h = createHash('sha256');
  for (const r of rows)
    h.update(JSON.stringify([...FEATURE_NAMES.map((n) => r.factors[n]), r.examScore]) + '\n');
  return h.digest('hex').slice(0, 16);
}

/**
 * `rf-YYYYMMDD-<8 hex>` for a forest, `at-…` for an additive model: the hash covers data,
 * parameters, encoding and trainer revision.
 */
export function modelVersion(hash: string, params: TrainingParams, createdAt: string): string {
  // createdAt and dataSource do not change the model; JSON.stringify drops undefined fields.
  // A forest ignores the additive learner's settings, so its versions stay as they were.
  const forest = params.learner === 'random-forest';
  const relevant = {
    ...params,
    createdAt: undefined,
    dataSource: undefined,
    ...(forest
      ? { learner: undefined, innerFolds: undefined, cvFolds: undefined, compareForest: undefined }
      : {}),
  };
  const revision = forest ? TRAINER_REVISION : `additive-${ADDITIVE_TRAINER_REVISION}`;
  const key = sha256(JSON.stringify({ hash, relevant, ENCODING_ID, TRAINER_REVISION: revision }));
  return `${forest ? 'rf' : 'at'}-${createdAt.slice(0, 10).replace(/-/g, '')}-${key.slice(0, 8)}`;
}

function coverageCheck(
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

/**
 * Trains the full model from labelled students: seeded held-out split, robust
 * preliminary pass, random forest with OOB estimates, leaf calibration, conformal
 * calibration, evaluation against baselines, model card and ONNX bytes.
 * Synchronous and CPU-bound (≈ 1–2 s for 5,000 rows); run it off the request path.
 */
export function trainForest(
  rows: readonly LabelledStudent[],
  paramsInput: TrainingParamsInput = {},
  onProgress?: (p: TrainingProgress) => void,
): TrainedModel {
  const params = resolveTrainingParams({ ...paramsInput, learner: 'random-forest' });
  const createdAt = params.createdAt ?? new Date().toISOString();
  if (rows.length < 50) {
    throw new RangeError(`need at least 50 labelled students, got ${rows.length}`);
  }
  const badScore = rows.findIndex((r) => !Number.isFinite(r.examScore));
  if (badScore >= 0) throw new RangeError(`row ${badScore}: exam score must be a finite number`);
  const hash = dataHash(rows);
  const version = modelVersion(hash, params, createdAt);

  const split = splitRows(rows.length, params.heldOutFraction, params.splitSeed);
  const trainSet = split.train.map((i) => rows[i]);
  const heldSet = split.heldOut.map((i) => rows[i]);
  const xTrain = encodeBatch(trainSet.map((r) => r.factors));
  const yTrain = Float64Array.from(trainSet, (r) => r.examScore);
  const xHeld = encodeBatch(heldSet.map((r) => r.factors));
  const yHeld = Float64Array.from(heldSet, (r) => r.examScore);

  const robustTrees = params.robustClipK === null ? 0 : params.robustPassTrees;
  const total = robustTrees + params.forest.nTrees + 1;
  const report = (stage: TrainingProgress['stage'], done: number): void =>
    onProgress?.({ stage, done, total });

  // 1. Robust targets from a preliminary forest's OOB residuals.
  let yFit: Float64Array = yTrain;
  let robust: ModelCard['model']['robustTargets'] = null;
  if (params.robustClipK !== null) {
    const k = params.robustClipK;
    const prelim = fitRandomForest(
      xTrain,
      yTrain,
      N_FEATURES,
      { ...params.forest, nTrees: robustTrees },
      (d) => report('robust-pass', d),
    );
    const w = winsoriseTargets(yTrain, prelim.oob.mean, k);
    yFit = w.y;
    robust = { k, clippedRows: w.clipped, clipLimit: round(w.limit) };
  }

  // 2. The forest.
  const fitted = fitRandomForest(xTrain, yFit, N_FEATURES, params.forest, (d) =>
    report('forest', robustTrees + d),
  );

  // 3. Leaf calibration fitted on OOB predictions, folded into the trees.
  const calibration: AffineCalibration = params.leafCalibration
    ? fitAffineCalibration(fitted.oob.mean, yFit)
    : IDENTITY_CALIBRATION;
  const forest = calibrateForest(fitted.forest, calibration);
  const oobMean = Float64Array.from(
    fitted.oob.mean,
    (v) => calibration.intercept + calibration.slope * v,
  );
  const oobSpread = Float64Array.from(fitted.oob.spread, (v) => Math.abs(calibration.slope) * v);

  // 4. Conformal calibration on OOB residuals against the original scores.
  const absResiduals = Float64Array.from(yTrain, (y, i) => Math.abs(y - oobMean[i]));
  const conformal = fitConformal(absResiduals, oobSpread);

  // 5. Evaluation.
  const meanTarget = yTrain.reduce((a, b) => a + b, 0) / yTrain.length;
  const oobRows = Array.from(oobMean.keys()).filter((i) => Number.isFinite(oobMean[i]));
  const outOfBag = roundMetrics(
    regressionMetrics(
      oobRows.map((i) => yTrain[i]),
      oobRows.map((i) => oobMean[i]),
    ),
  );
  const oobSubgroups = subgroupMetrics(
    oobRows.map((i) => trainSet[i].factors),
    oobRows.map((i) => yTrain[i]),
    oobRows.map((i) => oobMean[i]),
  );
  let heldOut: ModelCard['metrics']['heldOut'] = null;
  let heldOutSubgroups: ModelCard['metrics']['subgroups']['heldOut'] = null;
  let coverage: CoverageCheck | null = null;
  if (heldSet.length > 0) {
    const predicted = forest.predict(xHeld, heldSet.length);
    const linear = fitLinearBaseline(xTrain, yTrain);
    heldOut = {
      forest: roundMetrics(regressionMetrics(yHeld, predicted)),
      linearBaseline: roundMetrics(regressionMetrics(yHeld, linear.predict(xHeld, heldSet.length))),
      meanBaseline: roundMetrics(
        regressionMetrics(yHeld, new Float64Array(heldSet.length).fill(meanTarget)),
      ),
    };
    heldOutSubgroups = subgroupMetrics(
      heldSet.map((r) => r.factors),
      yHeld,
      predicted,
    );
    coverage = coverageCheck(
      forest,
      conformal,
      xHeld,
      yHeld,
      params.intervalLevel,
      params.tolerance,
    );
  }
  // Permutation importance on held-out rows (training rows when nothing is held out).
  const [xImp, yImp] = heldSet.length > 0 ? [xHeld, yHeld] : [xTrain, yTrain];
  const permutation = permutationImportance(
    (x, n) => forest.predict(x, n),
    xImp,
    yImp,
    N_FEATURES,
    params.splitSeed,
    params.permutationRepeats,
  );
  report('evaluation', total);

  const card: ModelCard = {
    schema: MODEL_CARD_SCHEMA,
    version,
    createdAt,
    description:
      "Random-forest regressor predicting a student's exam score from 19 factors, with calibrated " +
      'prediction intervals, path-attribution explanations and what-if recommendations.',
    target: {
      name: 'exam_score',
      trainingMean: round(meanTarget),
      trainingMin: Math.min(...yTrain),
      trainingMax: Math.max(...yTrain),
    },
    encodingId: ENCODING_ID,
    features: describeEncoding(),
    data: {
      source: params.dataSource ?? 'unspecified',
      hash,
      rows: rows.length,
      trainRows: trainSet.length,
      heldOutRows: heldSet.length,
      heldOutFraction: params.heldOutFraction,
      splitSeed: params.splitSeed,
    },
    model: {
      type: 'random_forest_regressor',
      params: params.forest,
      robustTargets: robust,
      leafCalibration: {
        intercept: round(calibration.intercept, 6),
        slope: round(calibration.slope, 6),
      },
      nTrees: forest.nTrees,
      nNodes: forest.nNodes,
      maxDepth: Math.max(...forest.trees.map(treeDepth)),
      onnx: {
        opset: ONNX_OPSET,
        mlOpset: ML_OPSET,
        input: `features float32 [N, ${N_FEATURES}] (IR ${IR_VERSION})`,
        outputs: [
          'score float32 [N, 1]: forest mean',
          `tree_outputs float32 [N, ${forest.nTrees}]: each tree`,
        ],
      },
    },
    metrics: {
      heldOut,
      outOfBag,
      subgroups: { heldOut: heldOutSubgroups, outOfBag: oobSubgroups },
    },
    importance: {
      method:
        'permutation: increase in mean squared error on the held-out rows when the feature is shuffled ' +
        `(mean of ${params.permutationRepeats} shuffles); impurity: share of the total squared-error decrease ` +
        'of the splits on the feature (training data)',
      features: FEATURE_NAMES.map((feature, f) => ({
        feature,
        permutation: round(permutation[f]),
        impurity: round(fitted.impurityImportance[f]),
      })).sort((a, b) => b.permutation - a.permutation),
    },
    uncertainty: {
      method:
        'normalised split-conformal on out-of-bag residuals: score |y - mean| / (tree spread + beta); ' +
        'interval = mean ± q·(spread + beta); confidence = share of calibration scores <= tolerance / (spread + beta)',
      calibrationRows: conformal.scores.length,
      beta: round(conformal.beta, 6),
      intervalLevel: params.intervalLevel,
      tolerance: params.tolerance,
      heldOut: coverage,
    },
    explanations: {
      method:
        'path attribution (Saabas): per tree, each split credits the change in node mean to its feature; ' +
        'averaged over trees, base value + contributions = prediction',
      baseValue: round(forest.baseValue, 6),
    },
    risk: {
      thresholds: params.risk,
      rule: `high if predicted < ${params.risk.highBelow}, medium if < ${params.risk.mediumBelow}, else low`,
    },
    recommendations: cardRecommendations(),
    limitations: [
      'Trained on one survey-style dataset; scores outside the training range cannot be predicted ' +
        '(trees do not extrapolate, e.g. beyond the largest hours_studied seen).',
      'A few very high scores (outliers) are not explained by the factors; they dominate RMSE and R².',
      'The scores are close to linear in the factors; the linear baseline is more accurate on typical ' +
        'students, the forest is kept for its per-tree uncertainty and path explanations.',
      'Contributions and recommendations describe the model, not causal effects.',
      'Interval coverage and confidence are calibrated on average over students, not per student.',
    ],
  };

  const onnx = forestToOnnx(forest, { version, metadata: buildModelMetadata(card, conformal) });
  const fullCard: ModelCard = {
    ...card,
    artifact: { file: `${version}.onnx`, bytes: onnx.length, sha256: sha256(onnx) },
  };
  return {
    version,
    card: fullCard,
    onnx,
    forest,
    conformal,
    trainRows: split.train,
    heldOutRows: split.heldOut,
  };
}
