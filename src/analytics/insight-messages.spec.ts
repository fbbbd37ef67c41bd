import { groupedFactor, NUMERIC_FACTORS } from './analytics-factors';
import { correlationMessage, formatPoints, groupGapMessage, groupPhrase } from './insight-messages';

describe('insight messages', () => {
  const hours = NUMERIC_FACTORS.find((f) => f.name === 'hours_studied')!;

  it('states a slope per unit with its direction and the correlation', () => {
    expect(correlationMessage(hours, 0.2891, 0.4452)).toBe(
      'Each additional hour studied per week goes with an exam score 0.29 points higher on average (correlation 0.445).',
    );
    expect(correlationMessage(hours, -1.5, -0.2)).toBe(
      'Each additional hour studied per week goes with an exam score 1.50 points lower on average (correlation -0.200).',
    );
  });

  it('keeps small effects visible instead of rounding them to 0.00', () => {
    expect(formatPoints(0.0042)).toBe('0.004');
    expect(formatPoints(1.234)).toBe('1.23');
  });

  it('names groups in plain words for every kind of factor', () => {
    expect(groupPhrase(groupedFactor('parental_involvement'), 'High')).toBe(
      'students with High parental involvement',
    );
    expect(groupPhrase(groupedFactor('gender'), 'Female')).toBe('Female students');
    expect(groupPhrase(groupedFactor('gender'), 'Non-binary')).toBe('Non-binary students');
    expect(groupPhrase(groupedFactor('gender'), 'Not stated')).toBe(
      'students whose gender is not stated',
    );
    expect(groupPhrase(groupedFactor('school_type'), 'Private')).toBe(
      'students at Private schools',
    );
    expect(groupPhrase(groupedFactor('internet_access'), 'No')).toBe(
      'students without internet access',
    );
    expect(groupPhrase(groupedFactor('learning_disabilities'), 'Yes')).toBe(
      'students with learning disabilities',
    );
    expect(groupPhrase(groupedFactor('distance_from_home'), 'Far')).toBe(
      'students whose distance from home is Far',
    );
    expect(groupPhrase(groupedFactor('teacher_quality'), 'Unknown')).toBe(
      'students with unknown teacher quality',
    );
  });

  it('compares the highest and the lowest group', () => {
    expect(
      groupGapMessage(
        groupedFactor('parental_involvement'),
        { value: 'High', mean: 68.09 },
        { value: 'Low', mean: 66.39 },
      ),
    ).toBe(
      'Students with High parental involvement score 1.70 points higher on average than students with Low parental involvement (68.09 vs 66.39).',
    );
  });
});
