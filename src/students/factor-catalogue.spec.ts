import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataArgsStorage } from 'typeorm';
import { ENCODING_ID, FEATURE_SPECS } from '../predictions/ml/features';
import { CSV_HEADERS } from '../predictions/ml/csv-dataset';
import { StudentProfile } from './entities/student-profile.entity';
import { FACTOR_CHECKS } from './entities/factor-checks';
import { FACTOR_NAMES, FACTORS, GENDER_VALUES, PEER_INFLUENCE_VALUES } from './factor-catalogue';

const snake = (property: string) => property.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

describe('factor catalogue', () => {
  it('has 19 factors, each once, each a column of student_profiles under its API name', () => {
    expect(new Set(FACTOR_NAMES).size).toBe(19);
    const columns = getMetadataArgsStorage()
      .columns.filter((c) => c.target === StudentProfile)
      .map((c) => c.propertyName);
    for (const factor of FACTORS) {
      expect(columns).toContain(factor.property);
      expect(snake(factor.property)).toBe(factor.name);
      expect(factor.header.toLowerCase()).toBe(factor.name);
    }
  });

  it('keeps the shipped model’s column order and value codes', () => {
    const active = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'ml-models', 'active.json'), 'utf8'),
    ) as { card: string };
    const card = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'ml-models', active.card), 'utf8'),
    ) as { encodingId: string; features: { name: string; codes?: Record<string, number> }[] };
    expect(ENCODING_ID).toBe(card.encodingId);
    expect(FEATURE_SPECS.map((s) => s.name)).toEqual(FACTOR_NAMES);
    expect(card.features.find((f) => f.name === 'peer_influence')?.codes).toEqual({
      Negative: 0,
      Neutral: 1,
      Positive: 2,
    });
    expect(PEER_INFLUENCE_VALUES.values).toEqual(['Negative', 'Neutral', 'Positive']);
    // Gender accepts more values than the model learnt; the learnt ones keep their codes.
    expect(card.features.find((f) => f.name === 'gender')?.codes).toEqual({ Male: 0, Female: 1 });
    expect(GENDER_VALUES.learnt).toEqual(GENDER_VALUES.values.slice(0, 2));
    for (const factor of FACTORS) {
      if (factor.kind !== 'category') continue;
      const { values, learnt } = factor.valueSet;
      expect(values.slice(0, learnt.length)).toEqual(learnt);
    }
  });

  it('gives the data set parser its headers', () => {
    expect(Object.values(CSV_HEADERS)).toEqual(FACTORS.map((f) => f.header));
  });

  it('derives a CHECK for every ranged or enumerated factor', () => {
    expect(FACTOR_CHECKS.map((c) => c.name)).toHaveLength(16);
    expect(FACTOR_CHECKS).toContainEqual({
      name: 'student_profiles_peer_influence_check',
      expression: `"peer_influence" IN ('Negative', 'Neutral', 'Positive')`,
    });
    expect(FACTOR_CHECKS).toContainEqual({
      name: 'student_profiles_teacher_quality_check',
      expression: `"teacher_quality" IS NULL OR "teacher_quality" IN ('Low', 'Medium', 'High')`,
    });
    expect(FACTOR_CHECKS).toContainEqual({
      name: 'student_profiles_gender_check',
      expression: `"gender" IN ('Male', 'Female', 'Non-binary', 'Not stated')`,
    });
    expect(FACTOR_CHECKS).toContainEqual({
      name: 'student_profiles_hours_studied_check',
      expression: '"hours_studied" BETWEEN 0 AND 60',
    });
  });
});
