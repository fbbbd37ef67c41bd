/** Early-warning risk level derived from a predicted exam score. */
export type RiskLevel = 'high' | 'medium' | 'low';

export interface RiskThresholds {
  /** Predicted score strictly below this → high risk. */
  readonly highBelow: number;
  /** Predicted score strictly below this (and not high) → medium risk. */
  readonly mediumBelow: number;
}

/** Defaults: < 60 high, < 65 medium, otherwise low (also recorded in the model card). */
export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = { highBelow: 60, mediumBelow: 65 };

export function validateRiskThresholds(t: RiskThresholds): void {
  if (
    !Number.isFinite(t.highBelow) ||
    !Number.isFinite(t.mediumBelow) ||
    t.highBelow > t.mediumBelow
  ) {
    throw new RangeError('risk thresholds must be finite with highBelow <= mediumBelow');
  }
}

export function riskLevel(
  score: number,
  thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS,
): RiskLevel {
  validateRiskThresholds(thresholds);
  if (score < thresholds.highBelow) return 'high';
  if (score < thresholds.mediumBelow) return 'medium';
  return 'low';
}

/**
 * Risk level from the calibrated chances of scoring below each threshold: high when the
 * chance of scoring below `highBelow` exceeds `level`, medium when the chance of scoring below
 * `mediumBelow` does, else low.
 */
export function riskLevelFromChances(
  chanceBelowHigh: number,
  chanceBelowMedium: number,
  level: number,
): RiskLevel {
  if (chanceBelowHigh > level) return 'high';
  if (chanceBelowMedium > level) return 'medium';
  return 'low';
}
