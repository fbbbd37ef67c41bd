import './testing/onnxruntime-jest-realm';
import { fitConformal, intervalHalfWidth, spreadOf, withinToleranceProbability } from './conformal';
import { splitRows } from './data-split';
import { OnnxForest } from './onnx-forest';
import { activeModelFiles, seedRows } from './testing/fixtures';
import { dataHash } from './model-version';
import { scorePrediction } from './assessment';

describe('conformal calibration', () => {
  it('uses the finite-sample conformal rank for the interval', () => {
    // 99 scores 0.01..0.99 with spread 0 and beta 1: the 0.9 quantile is the 90th score.
    const cal = { beta: 1, scores: Float32Array.from({ length: 99 }, (_, i) => (i + 1) / 100) };
    expect(intervalHalfWidth(cal, 0, 0.9)).toBeCloseTo(0.9, 6);
    expect(intervalHalfWidth(cal, 1, 0.9)).toBeCloseTo(1.8, 6);
    expect(intervalHalfWidth(cal, 0, 0.999)).toBe(Infinity);
  });

  it('turns the score table into a within-tolerance probability', () => {
    const cal = { beta: 1, scores: Float32Array.from({ length: 100 }, (_, i) => i / 100) };
    expect(withinToleranceProbability(cal, 0, 0.5)).toBeCloseTo(0.51, 6);
    expect(withinToleranceProbability(cal, 1, 0.5)).toBeCloseTo(0.26, 6);
    expect(withinToleranceProbability(cal, 0, 5)).toBe(1);
  });

  it('fits beta as the median spread and sorts the scores', () => {
    const cal = fitConformal(
      Array.from({ length: 20 }, (_, i) => 20 - i),
      Array.from({ length: 20 }, () => 1),
    );
    expect(cal.beta).toBe(1);
    expect(Array.from(cal.scores)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) / 2));
    expect(spreadOf([1, 3], 0, 2)).toBe(1);
  });
});

describe('committed model: calibration on held-out students', () => {
  const files = activeModelFiles();
  const card = files.card;
  let forest: OnnxForest;

  beforeAll(async () => {
    forest = await OnnxForest.load(files.onnx, { card });
  });
  afterAll(async () => {
    await forest.release();
  });

  it('covers the stated level and confidence within 3 points', async () => {
    const rows = seedRows();
    // Recreate exactly the held-out students of the card.
    expect(dataHash(rows)).toBe(card.data.hash);
    const { heldOut } = splitRows(rows.length, card.data.heldOutFraction, card.data.splitSeed);
    expect(heldOut).toHaveLength(card.data.heldOutRows);

    const students = heldOut.map((i) => rows[i]);
    const p = await forest.predict(students.map((s) => s.factors));
    let inside = 0;
    let within = 0;
    let stated = 0;
    students.forEach((s, i) => {
      const scored = scorePrediction(p.mean[i], p.scale[i], forest);
      const { lower, upper } = scored.prediction_interval;
      if (s.examScore >= lower && s.examScore <= upper) inside++;
      if (Math.abs(s.examScore - scored.predicted_score) <= forest.tolerance) within++;
      stated += scored.confidence_level;
    });
    const n = students.length;
    expect(forest.intervalLevel).toBe(0.9);
    expect(Math.abs(inside / n - 0.9)).toBeLessThanOrEqual(0.03);
    expect(Math.abs(within / n - stated / n)).toBeLessThanOrEqual(0.03);
    // The card reports the same measurement.
    expect(card.uncertainty.heldOut?.intervalCoverage).toBeCloseTo(inside / n, 3);
  });
});
