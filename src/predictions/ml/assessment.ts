import {
  ConformalCalibration,
  intervalHalfWidth,
  probabilityBelow,
  withinToleranceProbability,
} from './conformal';
import {
  DEFAULT_RISK_THRESHOLDS,
  RiskLevel,
  riskLevel,
  riskLevelFromChances,
  RiskThresholds,
} from './risk';

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
  /**
   * When set, the risk level comes from the calibrated chance of scoring below each
   * threshold (at risk when above this level); otherwise from the predicted score.
   */
  readonly riskProbabilityLevel?: number;
}

/**
 * Turns a prediction and its uncertainty scale (tree spread, or the scale ensemble's output)
 * into a calibrated, risk-rated prediction.
 */
export function scorePrediction(
  mean: number,
  spread: number,
  settings: UncertaintySettings,
  risk: RiskThresholds = DEFAULT_RISK_THRESHOLDS,
): ScoredPrediction {
  const half = intervalHalfWidth(settings.conformal, spread, settings.intervalLevel);
  return {
    predicted_score: mean,
    prediction_interval: { level: settings.intervalLevel, lower: mean - half, upper: mean + half },
    confidence_level: withinToleranceProbability(settings.conformal, spread, settings.tolerance),
    tolerance: settings.tolerance,
    risk_level: riskOf(mean, spread, settings, risk),
  };
}

function riskOf(
  mean: number,
  spread: number,
  settings: UncertaintySettings,
  risk: RiskThresholds,
): RiskLevel {
  const level = settings.riskProbabilityLevel;
  // From the score as the API shows it (2 decimals), so it sits on the side of a threshold it shows.
  if (level === undefined) return riskLevel(Math.round(mean * 100) / 100, risk);
  const below = (t: number): number => probabilityBelow(settings.conformal, mean, spread, t);
  return riskLevelFromChances(below(risk.highBelow), below(risk.mediumBelow), level);
}
