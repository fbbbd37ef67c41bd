import { encodeFactors, FEATURE_NAMES } from './features';
import { FactorName, FactorValue, StudentFactors } from './student-factors';
import { TreeForest } from './tree-forest';

export interface FactorContribution {
  feature: FactorName;
  /** The student's value of the factor, as given to the API. */
  value: FactorValue;
  /** Points this factor moves the prediction away from the base value. */
  contribution: number;
}

export interface Explanation {
  /** Average training score seen by the trees (the prediction before any split). */
  baseValue: number;
  /** baseValue + Σ contributions (equals the forest mean prediction). */
  prediction: number;
  /** All 19 factors, largest |contribution| first. */
  contributions: FactorContribution[];
}

/** Path attributions of one student's prediction (see TreeForest.contributions). */
export function explainPrediction(forest: TreeForest, factors: StudentFactors): Explanation {
  const x = encodeFactors(factors);
  const c = forest.contributions(x, 0);
  const baseValue = forest.baseValue;
  let prediction = baseValue;
  for (let f = 0; f < c.length; f++) prediction += c[f];
  const contributions = FEATURE_NAMES.map((feature, f) => ({
    feature,
    value: factors[feature],
    contribution: c[f],
  })).sort(
    (a, b) =>
      Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature.localeCompare(b.feature),
  );
  return { baseValue, prediction, contributions };
}

/** The `k` factors with the largest absolute contribution. */
export function topFactors(explanation: Explanation, k = 5): FactorContribution[] {
  return explanation.contributions.slice(0, Math.max(0, k));
}
