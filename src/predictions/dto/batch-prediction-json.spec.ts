import type { PredictionResultDto } from './prediction-result.dto';
import { BatchPredictionJson } from './batch-prediction-json';
import { toStudentPrediction } from './to-student-prediction';

const result: PredictionResultDto = {
  predicted_score: 61.27,
  confidence_level: 0.8123,
  tolerance: 2,
  prediction_interval: { lower: 58.5, upper: 64.04, level: 0.9 },
  risk_level: 'medium',
  top_factors: [{ feature: 'attendance', value: 71, contribution: -2.5 }],
  model_version: 'rf-20261125-75675e25',
};
const date = new Date('2026-03-04T05:06:07.089Z');
const prediction = (i: number) =>
  toStudentPrediction(`STU"${i}`, `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, date, {
    ...result,
    predicted_score: 60 + i / 7,
  });

describe('BatchPredictionJson', () => {
  it('writes what JSON.stringify writes for the whole answer, chunk by chunk', () => {
    const json = new BatchPredictionJson();
    json.add([prediction(1), prediction(2)]);
    json.add([]);
    json.add([prediction(3)]);
    expect(json.text('rf-x', ['STU9999', 'a\\b'])).toBe(
      JSON.stringify({
        model_version: 'rf-x',
        predictions: [prediction(1), prediction(2), prediction(3)],
        not_found: ['STU9999', 'a\\b'],
      }),
    );
  });

  it('writes an answer without predictions', () => {
    const json = new BatchPredictionJson();
    json.add([]);
    expect(JSON.parse(json.text('rf-x', ['STU1']))).toEqual({
      model_version: 'rf-x',
      predictions: [],
      not_found: ['STU1'],
    });
  });
});
