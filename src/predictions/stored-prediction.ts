/**
 * A prediction just stored, with the figures and factors the alert rules read: what the
 * predictions module hands to the listeners of `PredictionListeners`.
 */
export interface StoredPrediction {
  id: string;
  studentProfileId: string;
  predictedScore: number;
  riskLevel: string;
  attendance: number;
  hoursStudied: number;
  previousScores: number;
}
