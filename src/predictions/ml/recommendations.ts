import {
  ACTIONABLE_FACTORS,
  applyIntervention,
  DEFAULT_INTERVENTIONS,
  IMMUTABLE_FACTORS,
  Intervention,
  Lever,
} from './interventions';
import { FactorName, FactorValue, StudentFactors } from './student-factors';

/** Scores a batch of students (e.g. OnnxForest.predict → mean). */
export type BatchScorer = (rows: readonly StudentFactors[]) => Promise<ArrayLike<number>>;

export interface Recommendation {
  id: string;
  factor: FactorName;
  lever: Lever;
  description: string;
  from: FactorValue;
  to: FactorValue;
  /** Predicted score with the change. */
  expectedScore: number;
  /** expectedScore − the current prediction. */
  expectedGain: number;
}

export interface RecommendationOptions {
  readonly interventions?: readonly Intervention[];
  /** Only changes gaining more than this many points are returned (default 0). */
  readonly minGain?: number;
  /** At most this many recommendations, best first (default: all). */
  readonly limit?: number;
}

const actionable = new Set<FactorName>(ACTIONABLE_FACTORS);
const immutable = new Set<FactorName>(IMMUTABLE_FACTORS);

/** Throws unless `scenario` differs from `base` in `factor` only, and that factor is actionable. */
function assertOnlyActionableChange(
  base: StudentFactors,
  scenario: StudentFactors,
  factor: FactorName,
): void {
  if (!actionable.has(factor) || immutable.has(factor)) {
    throw new Error(`intervention changes non-actionable factor ${factor}`);
  }
  for (const key of Object.keys(base) as FactorName[]) {
    if (key !== factor && scenario[key] !== base[key]) {
      throw new Error(`intervention on ${factor} also changed ${key}`);
    }
  }
}

/**
 * Evaluates every applicable intervention for the student in one batch (the current
 * factors first) and returns those with a positive expected gain, largest first. Gains
 * are the model's predictions, not causal effects.
 */
export async function recommend(
  score: BatchScorer,
  student: StudentFactors,
  options: RecommendationOptions = {},
): Promise<{ baseline: number; recommendations: Recommendation[] }> {
  const interventions = options.interventions ?? DEFAULT_INTERVENTIONS;
  const candidates: Array<{ intervention: Intervention; scenario: StudentFactors }> = [];
  for (const intervention of interventions) {
    const scenario = applyIntervention(student, intervention);
    if (scenario === null) continue;
    assertOnlyActionableChange(student, scenario, intervention.factor);
    candidates.push({ intervention, scenario });
  }
  const scores = await score([student, ...candidates.map((c) => c.scenario)]);
  const baseline = scores[0];
  const minGain = options.minGain ?? 0;
  const recommendations = candidates
    .map(({ intervention, scenario }, k): Recommendation => ({
      id: intervention.id,
      factor: intervention.factor,
      lever: intervention.lever,
      description: intervention.description,
      from: student[intervention.factor],
      to: scenario[intervention.factor],
      expectedScore: scores[k + 1],
      expectedGain: scores[k + 1] - baseline,
    }))
    .filter((r) => r.expectedGain > minGain)
    .sort((a, b) => b.expectedGain - a.expectedGain || a.id.localeCompare(b.id));
  return {
    baseline,
    recommendations: recommendations.slice(0, options.limit ?? recommendations.length),
  };
}
