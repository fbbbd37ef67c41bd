import type { Prediction } from '../entities/prediction.entity';
import type { PredictionHistoryItemDto } from './prediction-history-item.dto';
import type { PredictionResultDto } from './prediction-result.dto';
import type { StudentPredictionDto } from './student-prediction.dto';

/** A prediction just made for a student, as stored under `id` at `date`. */
export function toStudentPrediction(
  studentId: string,
  id: string,
  date: Date,
  result: PredictionResultDto,
): StudentPredictionDto {
  return { id, student_id: studentId, prediction_date: date.toISOString(), ...result };
}

/** A stored prediction row (history). */
export function toPredictionHistoryItem(
  studentId: string,
  p: Prediction,
  tolerance: (modelVersion: string) => number,
): PredictionHistoryItemDto {
  return {
    id: p.id,
    student_id: studentId,
    prediction_date: p.predictionDate.toISOString(),
    predicted_score: p.predictedScore,
    confidence_level: p.confidenceLevel,
    tolerance: tolerance(p.modelVersion),
    prediction_interval: {
      lower: p.intervalLower,
      upper: p.intervalUpper,
      level: p.intervalLevel,
    },
    risk_level: p.riskLevel,
    top_factors: p.topFactors as PredictionHistoryItemDto['top_factors'],
    model_version: p.modelVersion,
    input_snapshot: p.inputSnapshot,
  };
}
