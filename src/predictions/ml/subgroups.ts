import { RegressionMetrics, regressionMetrics, roundMetrics } from './metrics';
import { FactorName, StudentFactors } from './student-factors';

/** Factors along which the model card breaks errors down, to spot unequal accuracy. */
export const SUBGROUP_FACTORS = [
  'gender',
  'school_type',
  'family_income',
  'learning_disabilities',
  'parental_education_level',
] as const satisfies readonly FactorName[];

export type SubgroupFactor = (typeof SUBGROUP_FACTORS)[number];

/** factor → group value ("true", "High", "unknown" for null, ...) → metrics. */
export type SubgroupMetrics = Record<SubgroupFactor, Record<string, RegressionMetrics>>;

export function subgroupMetrics(
  factors: readonly StudentFactors[],
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
): SubgroupMetrics {
  const out = {} as SubgroupMetrics;
  for (const factor of SUBGROUP_FACTORS) {
    const groups = new Map<string, { a: number[]; p: number[] }>();
    factors.forEach((f, i) => {
      if (!Number.isFinite(predicted[i])) return;
      const value = f[factor];
      const key = value === null ? 'unknown' : String(value);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { a: [], p: [] }));
      g.a.push(actual[i]);
      g.p.push(predicted[i]);
    });
    const entry: Record<string, RegressionMetrics> = {};
    for (const key of Array.from(groups.keys()).sort()) {
      const g = groups.get(key);
      if (g) entry[key] = roundMetrics(regressionMetrics(g.a, g.p));
    }
    out[factor] = entry;
  }
  return out;
}
