import './testing/onnxruntime-jest-realm';
import { encodeBatch, N_FEATURES } from './features';
import { fitLinearBaseline } from './linear-baseline';
import { linearToTrees } from './linear-trees';
import { StudentScoreModel } from './student-score-model';
import { seedRows } from './testing/fixtures';
import { trainAdditive } from './train-additive';
import { splitRows } from './data-split';
import { LabelledStudent } from './labelled-student';
import { TrainedModel } from './trained-model';

/** The trees written for a linear fit predict as it does and explain exactly. */
function linearModelAsTrees(x: Float32Array, y: Float64Array, n: number): void {
  const linear = fitLinearBaseline(x, y);
  const trees = linearToTrees(linear, x, n);
  expect(trees.nTrees).toBe(N_FEATURES);
  expect(trees.aggregate).toBe('sum');
  const a = linear.predict(x, n);
  const b = trees.predict(x, n);
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  expect(max).toBeLessThan(1e-3);
  // Path attributions are exact: base value + contributions = prediction, for every row.
  const c = trees.contributionsBatch(x, n);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    let sum = trees.baseValue;
    for (let f = 0; f < N_FEATURES; f++) sum += c[i * N_FEATURES + f];
    worst = Math.max(worst, Math.abs(sum - b[i]));
  }
  expect(worst).toBeLessThan(1e-6);
}

/** Intervals per student, explanations that sum to the prediction, risk from the chances. */
async function servesThroughOnnxruntime(
  model: TrainedModel,
  rows: readonly LabelledStudent[],
): Promise<void> {
  const card = model.card;
  const served = await StudentScoreModel.load(model.onnx, { card });
  try {
    const { heldOut } = splitRows(rows.length, card.data.heldOutFraction, card.data.splitSeed);
    const students = heldOut.slice(0, 300).map((i) => rows[i].factors);
    const scored = await served.score(students);
    const widths = new Set(
      scored.map((s) => (s.prediction_interval.upper - s.prediction_interval.lower).toFixed(3)),
    );
    expect(widths.size).toBeGreaterThan(5);
    expect(new Set(scored.map((s) => s.confidence_level)).size).toBeGreaterThan(1);
    const explanation = served.explain(students[0]);
    const sum = explanation.contributions.reduce((s, c) => s + c.contribution, 0);
    expect(explanation.baseValue + sum).toBeCloseTo(scored[0].predicted_score, 3);
    const level = card.risk.probabilityLevel ?? 0;
    expect(level).toBeGreaterThan(0);
    // A student predicted well below 60 is high risk; one well above 65 is low risk.
    const weak = { ...students[0], hours_studied: 1, attendance: 60, previous_scores: 50 };
    const strong = { ...students[0], hours_studied: 40, attendance: 100, previous_scores: 100 };
    const [w, s] = await served.score([weak, strong]);
    expect(w.risk_level).toBe('high');
    expect(s.risk_level).toBe('low');
  } finally {
    await served.release();
  }
}

describe('the additive tree ensemble', () => {
  const rows = seedRows();
  const x = encodeBatch(rows.map((r) => r.factors));
  const y = Float64Array.from(rows, (r) => r.examScore);

  it('writes a linear model of the factors exactly as one tree per factor', () =>
    linearModelAsTrees(x, y, rows.length));

  describe('trained on the seed data', () => {
    const model = trainAdditive(rows, {
      compareForest: false,
      createdAt: '2025-01-15T00:00:00Z',
    });
    const card = model.card;

    it('is at least as accurate as the linear baseline held out and in cross-validation', () => {
      const held = card.metrics.heldOut;
      expect(held).not.toBeNull();
      expect(held?.forest.r2).toBeGreaterThanOrEqual(held?.linearBaseline.r2 ?? Infinity);
      expect(held?.forest.mae).toBeLessThanOrEqual(held?.linearBaseline.mae ?? -Infinity);
      const cv = card.metrics.crossValidation;
      expect(cv?.folds).toBe(5);
      expect(cv?.model.r2).toBeGreaterThanOrEqual(cv?.linearBaseline.r2 ?? Infinity);
      expect(cv?.model.mae).toBeLessThanOrEqual(cv?.linearBaseline.mae ?? -Infinity);
      expect(model.version).toMatch(/^at-20250115-[0-9a-f]{8}$/);
    });

    it('chooses its Huber threshold by the fold rule and records every candidate', () => {
      const params = card.model.params as { huberDelta: number; huberDeltaCandidates: number[] };
      const kept = (card.model.selection?.candidates ?? []).filter(
        (c) => c.worstFoldR2Gain >= 0 && c.worstFoldMaeGain >= 0,
      );
      expect(kept.length).toBeGreaterThan(0);
      expect(params.huberDelta).toBe(Math.max(...kept.map((c) => c.huberDelta)));
      expect(params.huberDeltaCandidates).toEqual([1, 2, 5, 10, 15, 20]);
    });

    it('keeps its 90 % interval and its confidence calibrated on held-out students', () => {
      const u = card.uncertainty.heldOut;
      expect(u?.intervalCoverage).toBeGreaterThanOrEqual(0.88);
      expect(u?.intervalCoverage).toBeLessThanOrEqual(0.92);
      expect(
        Math.abs((u?.meanStatedConfidence ?? 0) - (u?.observedWithinTolerance ?? 1)),
      ).toBeLessThanOrEqual(0.02);
    });

    it('serves through onnxruntime: per-student intervals, exact explanations, risk from chances', () =>
      servesThroughOnnxruntime(model, rows));

    it('reports early-warning recall and precision next to the linear baseline', () => {
      const warnings = card.earlyWarning?.heldOut ?? [];
      expect(warnings.map((w) => w.threshold)).toEqual([60, 65]);
      for (const w of warnings) {
        expect(w.model.actualBelow).toBe(w.linearBaseline.actualBelow);
        expect(w.model.recall).toBeGreaterThan(0.9);
        expect(w.model.precision).toBeGreaterThan(0.8);
      }
    });
  });
});
