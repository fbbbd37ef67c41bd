import {
  describeEncoding,
  encodeBatch,
  encodeFactors,
  ENCODING_ID,
  EncodingError,
  FEATURE_NAMES,
  MISSING_CODE,
  N_FEATURES,
} from './features';
import { StudentFactors } from './student-factors';
import { sampleStudent } from './testing/fixtures';

describe('feature encoding', () => {
  it('lists the 19 API factors in a fixed order', () => {
    expect(N_FEATURES).toBe(19);
    expect(FEATURE_NAMES).toEqual([
      'hours_studied',
      'attendance',
      'parental_involvement',
      'access_to_resources',
      'extracurricular_activities',
      'sleep_hours',
      'previous_scores',
      'motivation_level',
      'internet_access',
      'tutoring_sessions',
      'family_income',
      'teacher_quality',
      'school_type',
      'peer_influence',
      'physical_activity',
      'learning_disabilities',
      'parental_education_level',
      'distance_from_home',
      'gender',
    ]);
  });

  it('encodes numbers as is, booleans as 0/1 and categories as ordinal codes', () => {
    expect(Array.from(encodeFactors(sampleStudent))).toEqual([
      19, 64, 0, 1, 0, 8, 59, 0, 1, 2, 1, 1, 0, 0, 4, 0, 1, 1, 1,
    ]);
    const other: StudentFactors = {
      ...sampleStudent,
      parental_involvement: 'High',
      extracurricular_activities: true,
      internet_access: false,
      school_type: 'Private',
      peer_influence: 'Positive',
      parental_education_level: 'Postgraduate',
      distance_from_home: 'Far',
      gender: 'Male',
      learning_disabilities: true,
    };
    const x = encodeFactors(other);
    expect(x[2]).toBe(2);
    expect(x[4]).toBe(1);
    expect(x[8]).toBe(0);
    expect(x[12]).toBe(1);
    expect(x[13]).toBe(2);
    expect(x[15]).toBe(1);
    expect(x[16]).toBe(2);
    expect(x[17]).toBe(2);
    expect(x[18]).toBe(0);
  });
});

describe('feature encoding: unknowns, errors, batches and the model card', () => {
  it('gives unknown (null) categories a distinct code below every real one', () => {
    const x = encodeFactors({
      ...sampleStudent,
      teacher_quality: null,
      parental_education_level: null,
      distance_from_home: null,
    });
    expect(MISSING_CODE).toBe(-1);
    expect([x[11], x[16], x[17]]).toEqual([-1, -1, -1]);
  });
  it('rejects invalid values with an EncodingError', () => {
    const bad = (patch: Record<string, unknown>): StudentFactors => {
      const student: Record<string, unknown> = { ...sampleStudent, ...patch };
      return student as unknown as StudentFactors;
    };
    expect(() => encodeFactors(bad({ hours_studied: NaN }))).toThrow(EncodingError);
    expect(() => encodeFactors(bad({ attendance: '90' }))).toThrow(EncodingError);
    expect(() => encodeFactors(bad({ internet_access: 'Yes' }))).toThrow(EncodingError);
    expect(() => encodeFactors(bad({ motivation_level: 'Very High' }))).toThrow(/motivation_level/);
    expect(() => encodeFactors(bad({ gender: null }))).toThrow(/gender is required/);
    expect(() => encodeFactors(bad({ family_income: undefined }))).toThrow(EncodingError);
  });

  it('encodes batches row-major', () => {
    const second = { ...sampleStudent, hours_studied: 30 };
    const x = encodeBatch([sampleStudent, second]);
    expect(x.length).toBe(2 * N_FEATURES);
    expect(x[0]).toBe(19);
    expect(x[N_FEATURES]).toBe(30);
    expect(Array.from(x.subarray(N_FEATURES + 1))).toEqual(
      Array.from(encodeFactors(sampleStudent).subarray(1)),
    );
  });

  it('describes the encoding for the model card', () => {
    const d = describeEncoding();
    expect(d).toHaveLength(19);
    expect(d[0]).toMatchObject({ index: 0, name: 'hours_studied', kind: 'numeric' });
    expect(d[0].codes).toBeUndefined();
    expect(d[4].codes).toEqual({ false: 0, true: 1 });
    expect(d[11].codes).toEqual({ Low: 0, Medium: 1, High: 2, null: -1 });
    expect(d[13].codes).toEqual({ Negative: 0, Neutral: 1, Positive: 2 });
    expect(d[17].codes).toEqual({ Near: 0, Moderate: 1, Far: 2, null: -1 });
    expect(ENCODING_ID).toMatch(/^[0-9a-f]{12}$/);
  });
});
