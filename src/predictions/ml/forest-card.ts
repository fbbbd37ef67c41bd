import { cardHead, type CardHeadInput } from './card-head';
import { FEATURE_NAMES, N_FEATURES } from './features';
import type { ForestEvaluation } from './forest-evaluation';
import type { ForestFit } from './forest-fit';
import { cardRecommendations } from './interventions';
import { ModelCard } from './model-card';
import { IR_VERSION, ML_OPSET, ONNX_OPSET } from './onnx-format';
import { treeDepth } from './regression-tree';

const round = (v: number, digits = 4): number => Number(v.toFixed(digits));

export interface ForestCardInput extends CardHeadInput {
  fit: ForestFit;
  evaluation: ForestEvaluation;
}

const LIMITATIONS = [
  'Trained on one survey-style dataset; scores outside the training range cannot be predicted ' +
    '(trees do not extrapolate, e.g. beyond the largest hours_studied seen).',
  'A few very high scores (outliers) are not explained by the factors; they dominate RMSE and R².',
  'The scores are close to linear in the factors; the linear baseline is more accurate on typical ' +
    'students, the forest is kept for its per-tree uncertainty and path explanations.',
  'Contributions and recommendations describe the model, not causal effects.',
  'Interval coverage and confidence are calibrated on average over students, not per student.',
];

function modelSection({ fit, params }: ForestCardInput): ModelCard['model'] {
  const { forest, calibration } = fit;
  return {
    type: 'random_forest_regressor',
    params: params.forest,
    robustTargets: fit.robust,
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
  };
}

/** Importance and uncertainty sections of the card. */
function measurementSections(i: ForestCardInput): Pick<ModelCard, 'importance' | 'uncertainty'> {
  const { fit, params, evaluation: e } = i;
  return {
    importance: {
      method:
        'permutation: increase in mean squared error on the held-out rows when the feature is shuffled ' +
        `(mean of ${params.permutationRepeats} shuffles); impurity: share of the total squared-error decrease ` +
        'of the splits on the feature (training data)',
      features: FEATURE_NAMES.map((feature, f) => ({
        feature,
        permutation: round(e.permutation[f]),
        impurity: round(fit.impurityImportance[f]),
      })).sort((a, b) => b.permutation - a.permutation),
    },
    uncertainty: {
      method:
        'normalised split-conformal on out-of-bag residuals: score |y - mean| / (tree spread + beta); ' +
        'interval = mean ± q·(spread + beta); confidence = share of calibration scores <= tolerance / (spread + beta)',
      calibrationRows: fit.conformal.scores.length,
      beta: round(fit.conformal.beta, 6),
      intervalLevel: params.intervalLevel,
      tolerance: params.tolerance,
      heldOut: e.coverage,
    },
  };
}

/** The random-forest model's card (without `artifact`). */
export function forestCard(i: ForestCardInput): ModelCard {
  const { fit, params, evaluation: e } = i;
  return {
    ...cardHead(
      i,
      "Random-forest regressor predicting a student's exam score from 19 factors, with calibrated " +
        'prediction intervals, path-attribution explanations and what-if recommendations.',
      e.meanTarget,
    ),
    model: modelSection(i),
    metrics: {
      heldOut: e.heldOut,
      outOfBag: e.outOfBag,
      subgroups: { heldOut: e.heldOutSubgroups, outOfBag: e.oobSubgroups },
    },
    ...measurementSections(i),
    explanations: {
      method:
        'path attribution (Saabas): per tree, each split credits the change in node mean to its feature; ' +
        'averaged over trees, base value + contributions = prediction',
      baseValue: round(fit.forest.baseValue, 6),
    },
    risk: {
      thresholds: params.risk,
      rule: `high if predicted < ${params.risk.highBelow}, medium if < ${params.risk.mediumBelow}, else low`,
    },
    recommendations: cardRecommendations(),
    limitations: [...LIMITATIONS],
  };
}
