import type { StudentAssessment } from '../ml';
import { toPredictionResult } from './to-prediction-result';

const assessment = (
  score: number,
  risk: StudentAssessment['risk_level'] = 'low',
): StudentAssessment => ({
  predicted_score: score,
  prediction_interval: { level: 0.9, lower: score - 3.14159, upper: score + 2.71828 },
  confidence_level: 0.734219,
  tolerance: 2,
  risk_level: risk,
  model_version: 'rf-20260101-0000abcd',
  top_factors: [
    { feature: 'attendance', value: 84, contribution: 1.93218 },
    { feature: 'teacher_quality', value: null, contribution: -0.00049 },
  ],
  unused_factors: [],
});

describe('toPredictionResult', () => {
  it('rounds scores to 2 decimals, probabilities to 4 and contributions to 3', () => {
    expect(toPredictionResult(assessment(66.123456))).toEqual({
      predicted_score: 66.12,
      confidence_level: 0.7342,
      tolerance: 2,
      prediction_interval: { level: 0.9, lower: 62.98, upper: 68.84 },
      risk_level: 'low',
      top_factors: [
        { feature: 'attendance', value: 84, contribution: 1.932 },
        { feature: 'teacher_quality', value: null, contribution: 0 },
      ],
      model_version: 'rf-20260101-0000abcd',
    });
  });

  it("keeps the model's risk level, which comes from the calibrated chance of scoring below", () => {
    expect(toPredictionResult(assessment(65.4, 'medium')).risk_level).toBe('medium');
    expect(toPredictionResult(assessment(59.2, 'high')).risk_level).toBe('high');
  });
});
