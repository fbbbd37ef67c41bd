import { IMMUTABLE_FACTORS, Recommendation } from './ml';

/** Recommendations shown to a student at most. */
export const MAX_RECOMMENDATIONS = 5;

const immutable = new Set<string>(IMMUTABLE_FACTORS);

/**
 * From the model's recommendations (largest gain first): the best one per factor, never an
 * immutable factor, at most `limit`.
 */
export function selectRecommendations(
  recommendations: readonly Recommendation[],
  limit = MAX_RECOMMENDATIONS,
): Recommendation[] {
  const seen = new Set<string>();
  const out: Recommendation[] = [];
  const ordered = [...recommendations].sort((a, b) => b.expectedGain - a.expectedGain);
  for (const r of ordered) {
    if (out.length >= limit) break;
    if (immutable.has(r.factor) || seen.has(r.factor)) continue;
    seen.add(r.factor);
    out.push(r);
  }
  return out;
}

/** The message stored with a recommendation. */
export function recommendationMessage(r: Recommendation, gain: number): string {
  return `${r.description}: about +${gain.toFixed(2)} points expected.`;
}
