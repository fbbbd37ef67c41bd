import {
  ConformalCalibration,
  intervalHalfWidth,
  spreadOf,
  withinToleranceProbability,
} from './conformal';
import { DEFAULT_RISK_THRESHOLDS, RiskLevel, riskLevel, RiskThresholds } from './risk';

/** Calibrated uncertainty and risk for one prediction (field names as in the API). */
export interface ScoredPrediction {
  predicted_score: number;
  prediction_interval: { level: number; lower: number; upper: number };
  /** Calibrated probability that the actual score is within ± tolerance of predicted_score. */
  confidence_level: number;
  tolerance: number;
  risk_level: RiskLevel;
}

export interface UncertaintySettings {
  readonly conformal: ConformalCalibration;
  readonly intervalLevel: number;
  readonly tolerance: number;
}

/** Turns a forest mean and its per-tree outputs into a calibrated, risk-rated prediction. */
export function scorePrediction(
  mean: number,
  perTree: ArrayLike<number>,
  settings: UncertaintySettings,
  risk: RiskThresholds = DEFAULT_RISK_THRESHOLDS,
): ScoredPrediction {
  const spread = spreadOf(perTree, 0, perTree.length);
  const half = intervalHalfWidth(settings.conformal, spread, settings.intervalLevel);
  return {
    predicted_score: mean,
    prediction_interval: { level: settings.intervalLevel, lower: mean - half, upper: mean + half },
    confidence_level: withinToleranceProbability(settings.conformal, spread, settings.tolerance),
    tolerance: settings.tolerance,
    risk_level: riskLevel(mean, risk),
  };
}
