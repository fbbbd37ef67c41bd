import { ACADEMIC_FIELDS } from '../students/student-fields';
import {
  DEMOGRAPHIC_DIMENSIONS,
  FACTOR_NAMES,
  FACTORS,
  findFactor,
  groupedFactor,
  groupValuesInOrder,
} from './analytics-factors';

describe('analytics factor catalogue', () => {
  it('has the 19 factors of a student profile, each once', () => {
    expect(FACTORS).toHaveLength(19);
    expect(new Set(FACTOR_NAMES).size).toBe(19);
    const profileFactors = ACADEMIC_FIELDS.filter((f) => f !== 'age' && f !== 'exam_score');
    expect([...FACTOR_NAMES].sort()).toEqual([...profileFactors].sort());
  });

  it('finds factors by exact name only', () => {
    expect(findFactor('hours_studied')?.kind).toBe('numeric');
    expect(findFactor('internet_access')?.kind).toBe('boolean');
    expect(findFactor('Hours_Studied')).toBeUndefined();
    expect(findFactor('exam_score')).toBeUndefined();
  });

  it('uses grouped factors as demographic dimensions', () => {
    for (const name of DEMOGRAPHIC_DIMENSIONS) expect(() => groupedFactor(name)).not.toThrow();
    expect(() => groupedFactor('attendance')).toThrow();
  });

  it('lists every known value, then Unknown only for nullable factors that have it', () => {
    const education = groupedFactor('parental_education_level');
    expect(groupValuesInOrder(education, ['College'])).toEqual([
      'High School',
      'College',
      'Postgraduate',
    ]);
    expect(groupValuesInOrder(education, ['Unknown'])).toEqual([
      'High School',
      'College',
      'Postgraduate',
      'Unknown',
    ]);
    expect(groupValuesInOrder(groupedFactor('gender'), ['Unknown'])).toEqual([
      'Male',
      'Female',
      'Non-binary',
      'Not stated',
    ]);
  });
});
