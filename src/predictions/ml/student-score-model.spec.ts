import './testing/onnxruntime-jest-realm';
import { FEATURE_NAMES } from './features';
import {
  ACTIONABLE_FACTORS,
  DEFAULT_INTERVENTIONS,
  IMMUTABLE_FACTORS,
  Intervention,
} from './interventions';
import { recommend } from './recommendations';
import { StudentFactors } from './student-factors';
import { StudentScoreModel } from './student-score-model';
import { activeModelFiles, sampleStudent, seedRows } from './testing/fixtures';

// One load of the committed model serves every block of this file.
const files = activeModelFiles();
const card = files.card;
let model: StudentScoreModel;
const immutable = new Set<string>(IMMUTABLE_FACTORS);

beforeAll(async () => {
  model = await StudentScoreModel.load(files.onnx, { card });
});
afterAll(async () => {
  await model.release();
});

describe('StudentScoreModel on the committed model: explanations', () => {
  it('contributions plus the base value sum to the served prediction', async () => {
    const students = seedRows()
      .filter((_, i) => i % 25 === 0)
      .map((r) => r.factors);
    const p = await model.predict(students);
    students.forEach((s, i) => {
      const e = model.explain(s);
      const sum = e.baseValue + e.contributions.reduce((acc, c) => acc + c.contribution, 0);
      expect(Math.abs(sum - p.mean[i])).toBeLessThan(1e-4);
      expect(Math.abs(e.prediction - p.mean[i])).toBeLessThan(1e-4);
    });
  });

  it('lists every factor with its API value, largest |contribution| first', () => {
    const e = model.explain(sampleStudent);
    expect(e.contributions.map((c) => c.feature).sort()).toEqual([...FEATURE_NAMES].sort());
    for (const c of e.contributions) expect(c.value).toBe(sampleStudent[c.feature]);
    const sizes = e.contributions.map((c) => Math.abs(c.contribution));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(e.baseValue).toBeCloseTo(card.explanations.baseValue, 4);
  });
});

describe('StudentScoreModel on the committed model: assess', () => {
  it('returns calibrated intervals, confidence, risk and top factors', async () => {
    const [a] = await model.assess([sampleStudent], { topFactors: 3 });
    expect(a.model_version).toBe(card.version);
    expect(a.prediction_interval.level).toBe(0.9);
    expect(a.prediction_interval.lower).toBeLessThan(a.predicted_score);
    expect(a.prediction_interval.upper).toBeGreaterThan(a.predicted_score);
    expect(a.confidence_level).toBeGreaterThan(0);
    expect(a.confidence_level).toBeLessThanOrEqual(1);
    expect(a.tolerance).toBe(card.uncertainty.tolerance);
    expect(['high', 'medium', 'low']).toContain(a.risk_level);
    expect(a.top_factors).toHaveLength(3);
    expect(Object.keys(a.top_factors[0]).sort()).toEqual(['contribution', 'feature', 'value']);
  });

  it('gives each student the top factors of their own explanation', async () => {
    const students = seedRows()
      .filter((_, i) => i % 97 === 0)
      .map((r) => r.factors);
    const assessed = await model.assess(students, { topFactors: 5 });
    students.forEach((s, i) => {
      expect(assessed[i].top_factors).toEqual(model.explain(s).contributions.slice(0, 5));
    });
    const none = await model.assess(students.slice(0, 2), { topFactors: 0 });
    expect(none.map((a) => a.top_factors)).toEqual([[], []]);
  });

  it('applies the risk thresholds', async () => {
    const weak = { ...sampleStudent, hours_studied: 3, attendance: 60, previous_scores: 50 };
    const strong = { ...sampleStudent, hours_studied: 35, attendance: 100, previous_scores: 95 };
    const [w, s] = await model.score([weak, strong]);
    expect(w.predicted_score).toBeLessThan(60);
    expect(w.risk_level).toBe('high');
    expect(s.risk_level).toBe('low');
    const [custom] = await model.score([strong], { highBelow: 100, mediumBelow: 100 });
    expect(custom.risk_level).toBe('high');
  });

  it('predicts 10,000 students in one call', async () => {
    const rows = seedRows();
    const students = Array.from({ length: 10_000 }, (_, i) => rows[i % rows.length].factors);
    const p = await model.predict(students);
    expect(p.mean).toHaveLength(10_000);
    expect(p.scale).toHaveLength(10_000);
    expect(Number.isFinite(p.scale[9_999])).toBe(true);
  });
});

describe('StudentScoreModel on the committed model: recommendations', () => {
  it('only suggests positive changes to actionable factors, best first', async () => {
    const students = seedRows()
      .filter((_, i) => i % 50 === 0)
      .map((r) => r.factors);
    let suggested = 0;
    for (const s of students) {
      const { baseline, recommendations } = await model.recommend(s);
      const [scored] = await model.score([s]);
      expect(Math.abs(baseline - scored.predicted_score)).toBeLessThan(1e-6);
      for (const r of recommendations) {
        expect(immutable.has(r.factor)).toBe(false);
        expect(ACTIONABLE_FACTORS).toContain(r.factor);
        expect(r.expectedGain).toBeGreaterThan(0);
        expect(r.from).toBe(s[r.factor]);
        expect(r.to).not.toBe(s[r.factor]);
      }
      const gains = recommendations.map((r) => r.expectedGain);
      expect(gains).toEqual([...gains].sort((a, b) => b - a));
      suggested += recommendations.length;
    }
    expect(suggested).toBeGreaterThan(0);
  });

  it('evaluates all scenarios in one batch and never changes an immutable factor', async () => {
    const batches: StudentFactors[][] = [];
    await recommend(
      async (rows) => {
        batches.push([...rows]);
        return (await model.predict(rows)).mean;
      },
      { ...sampleStudent, extracurricular_activities: false, internet_access: false },
    );
    expect(batches).toHaveLength(1);
    const [base, ...scenarios] = batches[0];
    expect(scenarios.length).toBeGreaterThan(5);
    for (const scenario of scenarios) {
      const changed = FEATURE_NAMES.filter((f) => scenario[f] !== base[f]);
      expect(changed).toHaveLength(1);
      expect(immutable.has(changed[0])).toBe(false);
    }
  });
});

describe('StudentScoreModel on the committed model: interventions and limits', () => {
  it('refuses an intervention on an immutable factor', async () => {
    const bad = {
      id: 'change_gender',
      factor: 'gender',
      lever: 'student',
      description: 'not allowed',
      apply: () => 'Male',
    } as unknown as Intervention;
    await expect(
      model.recommend(
        { ...sampleStudent, gender: 'Female' },
        { interventions: [...DEFAULT_INTERVENTIONS, bad] },
      ),
    ).rejects.toThrow(/non-actionable factor gender/);
  });

  it('respects caps and limit', async () => {
    const capped = { ...sampleStudent, hours_studied: 60, attendance: 100, tutoring_sessions: 8 };
    const { recommendations } = await model.recommend(capped, { limit: 2 });
    expect(recommendations.length).toBeLessThanOrEqual(2);
    for (const r of recommendations) {
      expect(['hours_studied', 'attendance', 'tutoring_sessions']).not.toContain(r.factor);
    }
  });
});

describe('StudentScoreModel on the committed model: what-if', () => {
  it('returns baseline, scenario and their difference from one predict call', async () => {
    const r = await model.whatIf(sampleStudent, {
      hours_studied: 30,
      gender: sampleStudent.gender,
    });
    expect(r.changed).toEqual(['hours_studied']);
    expect(r.delta).toBeCloseTo(r.scenario.predicted_score - r.baseline.predicted_score, 10);
    expect(r.delta).toBeGreaterThan(0);
    const [direct] = await model.score([{ ...sampleStudent, hours_studied: 30 }]);
    expect(r.scenario).toEqual(direct);
  });
});
