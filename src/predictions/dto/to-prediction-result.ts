import type { StudentAssessment } from '../ml';
import type { PredictionResultDto } from './prediction-result.dto';

/** `value` rounded to `digits` decimals (never -0). */
export const round = (value: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f || 0;
};

/**
 * The API figures of one assessment: scores and bounds to 2 decimals, probabilities to 4,
 * contributions to 3. The risk level is the model's (from the calibrated chance of scoring
 * below each threshold this server applies, or from the predicted score for older forests).
 */
export function toPredictionResult(a: StudentAssessment): PredictionResultDto {
  const score = round(a.predicted_score, 2);
  return {
    predicted_score: score,
    confidence_level: round(a.confidence_level, 4),
    tolerance: a.tolerance,
    prediction_interval: {
      lower: round(a.prediction_interval.lower, 2),
      upper: round(a.prediction_interval.upper, 2),
      level: a.prediction_interval.level,
    },
    risk_level: a.risk_level,
    top_factors: a.top_factors.map((f) => ({
      feature: f.feature,
      value: f.value,
      contribution: round(f.contribution, 3),
    })),
    model_version: a.model_version,
    // Only when some factor was not used, so the usual answer keeps its shape.
    ...(a.unused_factors.length > 0 && {
      unused_factors: a.unused_factors.map((f) => ({
        feature: f.feature,
        value: String(f.value),
        reason: f.reason,
      })),
    }),
  };
}
