import './testing/onnxruntime-jest-realm';
import { readFileSync } from 'node:fs';
import { GENDER_VALUES } from '../../students/factor-catalogue';
import { CSV_HEADERS, parseCsvFactors } from './csv-dataset';
import {
  describeEncoding,
  encodeFactors,
  ENCODING_ID,
  EncodingError,
  FEATURE_NAMES,
  FEATURE_SPECS,
} from './features';
import { StudentFactors } from './student-factors';
import { StudentScoreModel } from './student-score-model';
import { activeModelFiles, sampleStudent, SEED_CSV, seedRows } from './testing/fixtures';
import { trainScoreModel } from './train-score-model';
import { hasUnlearntValue, learntShares, MarginalRows } from './unlearnt-values';

const GENDER = FEATURE_NAMES.indexOf('gender');
const seedLine = readFileSync(SEED_CSV, 'utf8').split('\n')[1].trim().split(',');

describe('values the model did not learn from', () => {
  it('accepts four genders, of which the encoding codes the learnt two, as before', () => {
    expect(GENDER_VALUES.values).toEqual(['Male', 'Female', 'Non-binary', 'Not stated']);
    for (const value of GENDER_VALUES.values) expect(value.length).toBeLessThanOrEqual(10);
    const spec = FEATURE_SPECS[GENDER];
    expect(spec.levels).toEqual(['Male', 'Female']);
    expect(spec.unlearnt).toEqual(['Non-binary', 'Not stated']);
    expect(describeEncoding()[GENDER].codes).toEqual({ Male: 0, Female: 1 });
    expect(ENCODING_ID).toBe(activeModelFiles().card.encodingId);
  });

  it('reads the new values from a data set CSV, to be left out of training', () => {
    const header = Object.values(CSV_HEADERS);
    const record = (gender: string) =>
      Object.fromEntries(header.map((h, i) => [h, h === 'Gender' ? gender : seedLine[i]]));
    expect(parseCsvFactors(record('Not stated')).gender).toBe('Not stated');
    expect(() => parseCsvFactors(record('Other'))).toThrow('Gender: unknown value "Other"');
  });

  it('refuses to encode an unlearnt value as if it were a code', () => {
    for (const gender of ['Non-binary', 'Not stated'] as const) {
      expect(() => encodeFactors({ ...sampleStudent, gender })).toThrow(EncodingError);
      expect(() => encodeFactors({ ...sampleStudent, gender })).toThrow(
        /not one of the values the model learnt \(Male, Female\)/,
      );
    }
  });

  it('leaves students with an unlearnt value out of training, for both learners', () => {
    const rows = seedRows()
      .slice(0, 400)
      .map((r, i) =>
        i % 10 === 0 ? { ...r, factors: { ...r.factors, gender: 'Non-binary' as const } } : r,
      );
    for (const learner of ['robust-additive', 'random-forest'] as const) {
      const trained = trainScoreModel(rows, {
        learner,
        createdAt: '2026-01-01T00:00:00.000Z',
        dataSource: 'test rows',
        compareForest: false,
        forest: { nTrees: 8, seed: 3 },
      });
      const used = [...trained.trainRows, ...trained.heldOutRows];
      expect(used).toHaveLength(360);
      expect(used.some((i) => hasUnlearntValue(rows[i].factors))).toBe(false);
      expect(trained.card.data.source).toBe(
        'test rows; 40 of them left out of training: a gender value the model has no input for (Non-binary, Not stated)',
      );
      expect(Object.keys(trained.card.metrics.subgroups.outOfBag.gender).sort()).toEqual([
        'Female',
        'Male',
      ]);
    }
  });
});

describe('values the model did not learn from: shares and marginal rows', () => {
  it('takes the shares of the learnt values from the card’s training counts', () => {
    const { card } = activeModelFiles();
    const counts = card.metrics.subgroups.outOfBag.gender;
    const total = counts.Male.n + counts.Female.n;
    expect(total).toBe(card.data.trainRows);
    expect(learntShares(card).get('gender')).toEqual([
      counts.Male.n / total,
      counts.Female.n / total,
    ]);
    expect(learntShares(undefined).get('gender')).toEqual([0.5, 0.5]);
  });

  it('expands only the rows that need it and averages them back with the shares', () => {
    const shares = new Map([['gender' as const, [0.25, 0.75]]]);
    const rows: StudentFactors[] = [
      { ...sampleStudent, gender: 'Male' },
      { ...sampleStudent, gender: 'Not stated' },
    ];
    const m = MarginalRows.of(rows, shares);
    expect(m.rows.map((r) => r.gender)).toEqual(['Male', 'Male', 'Female']);
    expect(m.combine(Float64Array.from([1, 10, 20]))).toEqual(Float64Array.from([1, 17.5]));
    expect(m.unused[0]).toEqual([]);
    expect(m.unused[1]).toEqual([
      {
        feature: 'gender',
        value: 'Not stated',
        reason:
          'gender not used: Not stated is not one of the values the model learnt (Male, Female); the prediction averages over them, weighted by their shares of the training students (Male 0.250, Female 0.750).',
      },
    ]);
    const plain = MarginalRows.of([rows[0]], shares);
    expect(plain.marginalised).toBe(false);
    expect(plain.rows[0]).toBe(rows[0]);
  });
});

describe('values the model did not learn from, on the served model', () => {
  const files = activeModelFiles();
  let model: StudentScoreModel;
  beforeAll(async () => {
    model = await StudentScoreModel.load(files.onnx, { card: files.card });
  });
  afterAll(async () => {
    await model.release();
  });

  it('predicts the training-weighted average of the Male and Female predictions', async () => {
    const [pMale, pFemale] = learntShares(files.card).get('gender') ?? [];
    const rows: StudentFactors[] = (['Male', 'Female', 'Non-binary', 'Not stated'] as const).map(
      (gender) => ({ ...sampleStudent, gender }),
    );
    const p = await model.predict(rows);
    const marginal = pMale * p.mean[0] + pFemale * p.mean[1];
    expect(p.mean[2]).toBeCloseTo(marginal, 4);
    expect(p.mean[3]).toBeCloseTo(marginal, 4);
    expect(p.scale[2]).toBeCloseTo(pMale * p.scale[0] + pFemale * p.scale[1], 4);
    // The learnt values differ (by about 0.06 points), so the average is neither of them.
    expect(Math.abs(p.mean[0] - p.mean[1])).toBeGreaterThan(0.01);
    expect(Math.abs(p.mean[2] - p.mean[0])).toBeGreaterThan(0.001);
    expect(Math.abs(p.mean[2] - p.mean[1])).toBeGreaterThan(0.001);
  });

  it('explains it with a zero gender contribution and sums to the prediction exactly', async () => {
    const student: StudentFactors = { ...sampleStudent, gender: 'Non-binary' };
    const [p] = (await model.predict([student])).mean;
    const e = model.explain(student);
    const gender = e.contributions.find((c) => c.feature === 'gender');
    expect(gender?.value).toBe('Non-binary');
    expect(Math.abs(gender?.contribution ?? NaN)).toBeLessThan(1e-4);
    const sum = e.baseValue + e.contributions.reduce((s, c) => s + c.contribution, 0);
    expect(Math.abs(sum - p)).toBeLessThan(1e-4);
    expect(e.unused.map((u) => u.feature)).toEqual(['gender']);
    // Every other factor contributes what it does for a Male or Female student.
    const male = model.explain({ ...student, gender: 'Male' });
    for (const c of e.contributions.filter((f) => f.feature !== 'gender')) {
      const m = male.contributions.find((f) => f.feature === c.feature);
      expect(c.contribution).toBeCloseTo(m?.contribution ?? NaN, 6);
    }
  });

  it('assesses with the note, recommends and plays what-if without an error', async () => {
    const student: StudentFactors = { ...sampleStudent, gender: 'Not stated' };
    const [a, b] = await model.assess([student, sampleStudent]);
    expect(a.unused_factors.map((u) => u.feature)).toEqual(['gender']);
    expect(b.unused_factors).toEqual([]);
    const { recommendations } = await model.recommend(student);
    for (const r of recommendations) expect(r.factor).not.toBe('gender');
    const w = await model.whatIf(student, { hours_studied: student.hours_studied + 5 });
    expect(w.scenario.predicted_score).toBeGreaterThan(w.baseline.predicted_score);
  });
});
