import type { PredictionResultDto } from './prediction-result.dto';
import { BatchAnswerItem, BatchPredictionJson } from './batch-prediction-json';
import { toStudentPrediction } from './to-student-prediction';

const result: PredictionResultDto = {
  predicted_score: 61.27,
  confidence_level: 0.8123,
  tolerance: 2,
  prediction_interval: { lower: 58.5, upper: 64.04, level: 0.9 },
  risk_level: 'medium',
  top_factors: [
    { feature: 'attendance', value: 71, contribution: -2.5 },
    { feature: 'parental_involvement', value: 'Low', contribution: -1.125 },
    { feature: 'internet_access', value: false, contribution: 0 },
    { feature: 'teacher_quality', value: null, contribution: 0.3 },
  ],
  model_version: 'rf-20261125-75675e25',
};
const withUnused: PredictionResultDto = {
  ...result,
  unused_factors: [{ feature: 'gender', value: 'Non-binary', reason: 'not "learnt"' }],
};
const date = new Date('2026-03-04T05:06:07.089Z');
const item = (i: number, r: PredictionResultDto = result): BatchAnswerItem => {
  const scored = { ...r, predicted_score: 60 + i / 7, confidence_level: -0 };
  return {
    studentId: `STU"${i}\\`,
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    result: scored,
    topFactorsJson: JSON.stringify(scored.top_factors),
  };
};
const prediction = (i: BatchAnswerItem) => toStudentPrediction(i.studentId, i.id, date, i.result);

describe('BatchPredictionJson', () => {
  it('writes what JSON.stringify writes for the whole answer, chunk by chunk', () => {
    const json = new BatchPredictionJson();
    const items = [item(1), item(2), item(3, withUnused), item(4)];
    json.add(items.slice(0, 2), date);
    json.add([], date);
    json.add(items.slice(2), date);
    expect(json.text('rf-x', ['STU9999', 'a\\b'])).toBe(
      JSON.stringify({
        model_version: 'rf-x',
        predictions: items.map(prediction),
        not_found: ['STU9999', 'a\\b'],
      }),
    );
  });

  it('writes an answer without predictions', () => {
    const json = new BatchPredictionJson();
    json.add([], date);
    expect(JSON.parse(json.text('rf-x', ['STU1']))).toEqual({
      model_version: 'rf-x',
      predictions: [],
      not_found: ['STU1'],
    });
  });
});
