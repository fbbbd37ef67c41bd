import { UNLEARNT_VALUES_LIMITATIONS } from '../ml';
import type {
  CoverageCheck,
  EarlyWarning,
  ModelCard,
  RegressionMetrics,
  RiskThresholds,
  WarningFigures,
} from '../ml';
import type { ModelCardDto } from './model-card.dto';
import type { RegressionMetricsDto } from './regression-metrics.dto';

type SubgroupTable = Record<string, Record<string, RegressionMetrics>>;

const metrics = (m: RegressionMetrics): RegressionMetricsDto => ({
  n: m.n,
  r2: m.r2,
  mae: m.mae,
  rmse: m.rmse,
  bias: m.bias,
});

/** The card's limitations, and how values the model did not learn from are treated. */
function limitationsOf(card: ModelCard): string[] {
  const extra = UNLEARNT_VALUES_LIMITATIONS.filter((l) => !card.limitations.includes(l));
  return [...card.limitations, ...extra];
}

/** factor → group → metrics, flattened to rows (factor, group, metrics...). */
function subgroupRows(table: SubgroupTable): ModelCardDto['subgroup_errors']['out_of_bag'] {
  return Object.entries(table).flatMap(([factor, groups]) =>
    Object.entries(groups).map(([group, m]) => ({ factor, group, ...metrics(m) })),
  );
}

const coverage = (
  c: CoverageCheck,
): NonNullable<ModelCardDto['uncertainty']['held_out_coverage']> => ({
  rows: c.rows,
  interval_coverage: c.intervalCoverage,
  mean_interval_width: c.meanIntervalWidth,
  mean_stated_confidence: c.meanStatedConfidence,
  observed_within_tolerance: c.observedWithinTolerance,
});

const warning = (w: WarningFigures) => ({
  actual_below: w.actualBelow,
  flagged: w.flagged,
  true_positives: w.truePositives,
  recall: w.recall,
  precision: w.precision,
});

function earlyWarning(e: EarlyWarning | undefined): ModelCardDto['early_warning'] {
  if (!e) return null;
  return {
    probability_level: e.probabilityLevel,
    level_choice: e.levelChoice,
    held_out: e.heldOut
      ? e.heldOut.map((t) => ({
          threshold: t.threshold,
          model: warning(t.model),
          linear_baseline: warning(t.linearBaseline),
        }))
      : null,
  };
}

/** camelCase → snake_case keys of a flat parameter object. */
const snakeKeys = (o: object): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]),
  );

/** The risk rule with the thresholds this server applies. */
function riskRule(card: ModelCard, risk: RiskThresholds): string {
  const level = card.risk.probabilityLevel;
  return level === undefined
    ? `high if predicted < ${risk.highBelow}, medium if < ${risk.mediumBelow}, else low`
    : `high if the calibrated chance of scoring below ${risk.highBelow} is above ${level}, ` +
        `medium if the chance of scoring below ${risk.mediumBelow} is, else low`;
}

const targetOf = (card: ModelCard): ModelCardDto['target'] => ({
  name: card.target.name,
  training_mean: card.target.trainingMean,
  training_min: card.target.trainingMin,
  training_max: card.target.trainingMax,
});

const featuresOf = (card: ModelCard): ModelCardDto['features'] =>
  card.features.map((f) => ({
    index: f.index,
    name: f.name,
    kind: f.kind,
    description: f.description,
    ...(f.codes ? { codes: f.codes } : {}),
  }));

const trainingDataOf = (card: ModelCard): ModelCardDto['training_data'] => ({
  source: card.data.source,
  hash: card.data.hash,
  rows: card.data.rows,
  train_rows: card.data.trainRows,
  held_out_rows: card.data.heldOutRows,
  held_out_fraction: card.data.heldOutFraction,
  split_seed: card.data.splitSeed,
});

/** Held-out, out-of-bag (or out-of-fold) and cross-validation figures. */
function metricsOf(card: ModelCard): ModelCardDto['metrics'] {
  const heldOut = card.metrics.heldOut;
  const cv = card.metrics.crossValidation;
  return {
    held_out: heldOut
      ? {
          forest: metrics(heldOut.forest),
          linear_baseline: metrics(heldOut.linearBaseline),
          mean_baseline: metrics(heldOut.meanBaseline),
          random_forest: heldOut.randomForest ? metrics(heldOut.randomForest) : null,
        }
      : null,
    out_of_bag: metrics(card.metrics.outOfBag),
    cross_validation: cv
      ? {
          folds: cv.folds,
          seed: cv.seed,
          model: metrics(cv.model),
          linear_baseline: metrics(cv.linearBaseline),
        }
      : null,
  };
}

const subgroupErrorsOf = (card: ModelCard): ModelCardDto['subgroup_errors'] => ({
  held_out: card.metrics.subgroups.heldOut ? subgroupRows(card.metrics.subgroups.heldOut) : null,
  out_of_bag: subgroupRows(card.metrics.subgroups.outOfBag),
});

const featureImportanceOf = (card: ModelCard): ModelCardDto['feature_importance'] => ({
  method: card.importance.method,
  features: card.importance.features.map((f) => ({
    feature: f.feature,
    permutation: f.permutation,
    impurity: f.impurity,
  })),
});

const uncertaintyOf = (card: ModelCard): ModelCardDto['uncertainty'] => ({
  method: card.uncertainty.method,
  interval_level: card.uncertainty.intervalLevel,
  tolerance: card.uncertainty.tolerance,
  calibration_rows: card.uncertainty.calibrationRows,
  held_out_coverage: card.uncertainty.heldOut ? coverage(card.uncertainty.heldOut) : null,
});

const recommendationsOf = (card: ModelCard): ModelCardDto['recommendations'] => ({
  interventions: card.recommendations.interventions.map((i) => ({
    id: i.id,
    factor: i.factor,
    lever: i.lever,
    description: i.description,
  })),
  never_changed: [...card.recommendations.neverChanged],
});

/** The model's type, size and parameters (snake_case keys). */
function modelOf(card: ModelCard): ModelCardDto['model'] {
  const scale = card.model.scaleTrees;
  return {
    type: card.model.type,
    n_trees: card.model.nTrees,
    n_nodes: card.model.nNodes,
    max_depth: card.model.maxDepth,
    params: snakeKeys(card.model.params),
    scale_trees: scale
      ? { n_trees: scale.nTrees, n_nodes: scale.nNodes, max_depth: scale.maxDepth }
      : null,
  };
}

/** The model card in the API's snake_case shape, with the risk thresholds this server applies. */
export function toModelCard(
  card: ModelCard,
  row: { isActive: boolean; activatedAt: Date | null; fileHash: string; bytes: number },
  risk: RiskThresholds,
): ModelCardDto {
  return {
    version: card.version,
    description: card.description,
    created_at: new Date(card.createdAt).toISOString(),
    activated_at: row.activatedAt ? row.activatedAt.toISOString() : null,
    is_active: row.isActive,
    target: targetOf(card),
    features: featuresOf(card),
    training_data: trainingDataOf(card),
    metrics: metricsOf(card),
    subgroup_errors: subgroupErrorsOf(card),
    feature_importance: featureImportanceOf(card),
    tolerance: card.uncertainty.tolerance,
    uncertainty: uncertaintyOf(card),
    explanations: {
      method: card.explanations.method,
      base_value: card.explanations.baseValue,
    },
    risk_thresholds: { high_below: risk.highBelow, medium_below: risk.mediumBelow },
    risk_rule: riskRule(card, risk),
    early_warning: earlyWarning(card.earlyWarning),
    recommendations: recommendationsOf(card),
    model: modelOf(card),
    artifact: { sha256: row.fileHash, bytes: row.bytes },
    limitations: limitationsOf(card),
  };
}
