import { cardHead, type CardHeadInput } from './card-head';
import type { AdditiveEvaluation } from './additive-evaluation';
import type { AdditiveFit } from './additive-fit';
import { FEATURE_NAMES, N_FEATURES } from './features';
import { cardRecommendations } from './interventions';
import { ADDITIVE_MODEL_TYPE, ModelCard } from './model-card';
import { IR_VERSION, ML_OPSET, ONNX_OPSET } from './onnx-format';
import { treeDepth } from './regression-tree';
import { SELECTION_RULE } from './robust-selection';
import { TreeForest } from './tree-forest';

const round = (v: number, digits = 4): number => Number(v.toFixed(digits));
const maxDepth = (f: TreeForest): number => Math.max(...f.trees.map(treeDepth));

export interface AdditiveCardInput extends CardHeadInput {
  fit: AdditiveFit;
  evaluation: AdditiveEvaluation;
}

const LIMITATIONS = [
  'Trained on one survey-style dataset; a factor outside the training range counts as its ' +
    'nearest value seen (trees do not extrapolate, e.g. beyond the largest hours_studied seen).',
  'The model is additive: one effect per factor, no interactions. On this data the scores are ' +
    'that close to additive; boosted residual trees were measured and did not improve on it.',
  'A few very high scores (outliers) are not explained by the factors; they dominate RMSE and R².',
  'Contributions and recommendations describe the model, not causal effects.',
  'Interval coverage and confidence are calibrated on average over students, not per student.',
];

function modelSection(i: AdditiveCardInput): ModelCard['model'] {
  const { fit, params } = i;
  return {
    type: ADDITIVE_MODEL_TYPE,
    params: {
      learner: 'robust-additive',
      huberDelta: fit.delta,
      huberDeltaCandidates: fit.selection.candidates.map((c) => c.huberDelta),
      innerFolds: params.innerFolds,
      foldSeed: params.splitSeed + 1,
    },
    robustTargets: null,
    leafCalibration: { intercept: 0, slope: 1 },
    nTrees: fit.trees.nTrees,
    nNodes: fit.trees.nNodes,
    maxDepth: maxDepth(fit.trees),
    onnx: {
      opset: ONNX_OPSET,
      mlOpset: ML_OPSET,
      input: `features float32 [N, ${N_FEATURES}] (IR ${IR_VERSION})`,
      outputs: [
        'score float32 [N, 1]: bias + sum of the score trees (one per factor)',
        'scale float32 [N, 1]: predicted size of the error (scale trees)',
      ],
    },
    scaleTrees: {
      nTrees: fit.scale.nTrees,
      nNodes: fit.scale.nNodes,
      maxDepth: maxDepth(fit.scale),
    },
    selection: { rule: SELECTION_RULE, candidates: fit.selection.candidates },
  };
}

function riskSections(i: AdditiveCardInput): Pick<ModelCard, 'risk' | 'earlyWarning'> {
  const { params, fit, evaluation } = i;
  const level = fit.probabilityLevel;
  return {
    risk: {
      thresholds: params.risk,
      probabilityLevel: level,
      rule:
        `high if the calibrated chance of scoring below ${params.risk.highBelow} is above ${level}, ` +
        `medium if the chance of scoring below ${params.risk.mediumBelow} is, else low`,
    },
    earlyWarning: {
      probabilityLevel: level,
      levelChoice:
        `the level (0.05 to 0.95 in steps of 0.05) with the best F2 (recall weighted twice as much as ` +
        `precision) of "below ${params.risk.mediumBelow}" on the out-of-fold predictions of the ` +
        'training rows, ties to the lower level; held-out students were not used',
      heldOut: evaluation.warnings,
    },
  };
}

/** Importance and uncertainty sections of the card. */
function measurementSections(i: AdditiveCardInput): Pick<ModelCard, 'importance' | 'uncertainty'> {
  const { fit, params, evaluation: e } = i;
  return {
    importance: {
      method:
        'permutation: increase in mean squared error on the held-out rows when the feature is shuffled ' +
        `(mean of ${params.permutationRepeats} shuffles); impurity: share of the variance of the ` +
        "predictions that the feature's tree contributes (training data)",
      features: FEATURE_NAMES.map((feature, f) => ({
        feature,
        permutation: round(e.permutation[f]),
        impurity: round(e.contributionShare[f]),
      })).sort((a, b) => b.permutation - a.permutation),
    },
    uncertainty: {
      method:
        'scaled split-conformal on out-of-fold residuals: score (y - ŷ) / (s + beta), s the scale ' +
        'trees (fitted to |residual|, on other folds); interval = ŷ ± q·(s + beta); confidence = ' +
        'share of calibration |scores| <= tolerance / (s + beta)',
      calibrationRows: fit.conformal.scores.length,
      beta: round(fit.conformal.beta, 6),
      intervalLevel: params.intervalLevel,
      tolerance: params.tolerance,
      heldOut: e.coverage,
    },
  };
}

/** The additive model's card (without `artifact`). */
export function additiveCard(i: AdditiveCardInput): ModelCard {
  const { split, fit, evaluation: e } = i;
  const meanTarget = split.yTrain.reduce((a, b) => a + b, 0) / split.yTrain.length;
  return {
    ...cardHead(
      i,
      "Additive tree ensemble predicting a student's exam score from 19 factors (a Huber linear fit " +
        'written exactly as one tree per factor), with calibrated prediction intervals, exact ' +
        'per-factor explanations and what-if recommendations.',
      meanTarget,
    ),
    model: modelSection(i),
    metrics: {
      heldOut: e.heldOut,
      outOfBag: e.outOfFold,
      subgroups: { heldOut: e.heldOutSubgroups, outOfBag: e.outOfFoldSubgroups },
      ...(e.crossValidation ? { crossValidation: e.crossValidation } : {}),
    },
    ...measurementSections(i),
    explanations: {
      method:
        "path attribution of the additive trees: each factor's tree value minus its training mean, " +
        'which for an additive model is its exact Shapley value; base value + contributions = prediction',
      baseValue: round(fit.trees.baseValue, 6),
    },
    ...riskSections(i),
    recommendations: cardRecommendations(),
    limitations: LIMITATIONS,
  };
}
