import type { Recommendation } from './ml';
import { recommendationMessage, selectRecommendations } from './recommendation-selection';

const rec = (id: string, factor: string, gain: number): Recommendation =>
  ({
    id,
    factor,
    lever: 'student',
    description: id,
    from: 1,
    to: 2,
    expectedScore: 60 + gain,
    expectedGain: gain,
  }) as Recommendation;

describe('selectRecommendations', () => {
  it('keeps the best change per factor, largest gain first', () => {
    const picked = selectRecommendations([
      rec('study_5_more_hours', 'hours_studied', 1),
      rec('attend_10', 'attendance', 3),
      rec('study_10_more_hours', 'hours_studied', 2),
    ]);
    expect(picked.map((r) => r.id)).toEqual(['attend_10', 'study_10_more_hours']);
  });

  it('never keeps an immutable factor and stops at the limit', () => {
    const picked = selectRecommendations(
      [
        rec('a', 'gender', 9),
        rec('b', 'family_income', 8),
        rec('c', 'attendance', 3),
        rec('d', 'sleep_hours', 2),
        rec('e', 'tutoring_sessions', 1),
      ],
      2,
    );
    expect(picked.map((r) => r.factor)).toEqual(['attendance', 'sleep_hours']);
  });

  it('words the expected gain', () => {
    expect(
      recommendationMessage(rec('Sleep 7 to 9 hours per night', 'sleep_hours', 1), 1.234),
    ).toBe('Sleep 7 to 9 hours per night: about +1.23 points expected.');
  });
});
