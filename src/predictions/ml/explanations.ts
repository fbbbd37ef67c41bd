import { FEATURE_NAMES, N_FEATURES } from './features';
import { FactorName, FactorValue, StudentFactors } from './student-factors';
import { TreeForest } from './tree-forest';
import { LearntShares, learntShares, MarginalRows, UnusedFactor } from './unlearnt-values';

const EQUAL_SHARES = learntShares(undefined);

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
  /** Factors whose value the model did not learn from and did not use (see unlearnt-values.ts). */
  unused: readonly UnusedFactor[];
}

/**
 * Path attributions of one student's prediction (see TreeForest.contributions). A value the
 * model did not learn from is averaged over with `shares`, the attributions with it.
 */
export function explainPrediction(
  forest: TreeForest,
  factors: StudentFactors,
  shares: LearntShares = EQUAL_SHARES,
): Explanation {
  const m = MarginalRows.of([factors], shares);
  const c = m.combine(forest.contributionsBatch(m.encoded, m.rows.length), N_FEATURES);
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
  return { baseValue, prediction, contributions, unused: m.unused[0] };
}

/** The `k` factors with the largest absolute contribution. */
export function topFactors(explanation: Explanation, k = 5): FactorContribution[] {
  return explanation.contributions.slice(0, Math.max(0, k));
}

/**
 * `topFactors(explainPrediction(forest, row), k)` for many students at once, with the
 * contributions of all rows computed in one pass over the trees. The order is the same:
 * largest |contribution| first, ties by factor name. `shares` may be the rows' MarginalRows
 * already made for their prediction.
 */
export function topFactorsBatch(
  forest: TreeForest,
  rows: readonly StudentFactors[],
  k = 5,
  shares: LearntShares | MarginalRows = EQUAL_SHARES,
): FactorContribution[][] {
  const n = rows.length;
  const F = FEATURE_NAMES.length;
  const keep = Math.max(0, Math.min(k, F));
  const m = shares instanceof MarginalRows ? shares : MarginalRows.of(rows, shares);
  const c = m.combine(forest.contributionsBatch(m.encoded, m.rows.length), F);
  // Rank of each feature name, for ties (as localeCompare orders them in explainPrediction).
  const nameRank = new Int32Array(F);
  FEATURE_NAMES.map((name, f) => ({ name, f }))
    .sort((a, b) => a.name.localeCompare(b.name))
    .forEach(({ f }, rank) => (nameRank[f] = rank));
  const top = new Int32Array(keep);
  const out: FactorContribution[][] = new Array<FactorContribution[]>(n);
  for (let i = 0; i < n; i++) {
    const base = i * F;
    const before = (f: number, g: number): boolean => {
      const d = Math.abs(c[base + f]) - Math.abs(c[base + g]);
      return d > 0 || (d === 0 && nameRank[f] < nameRank[g]);
    };
    // Insertion into a sorted list of at most `keep` feature indices.
    let size = 0;
    for (let f = 0; f < F && keep > 0; f++) {
      if (size === keep && !before(f, top[keep - 1])) continue;
      let j = size < keep ? size++ : keep - 1;
      while (j > 0 && before(f, top[j - 1])) {
        top[j] = top[j - 1];
        j--;
      }
      top[j] = f;
    }
    const row: FactorContribution[] = new Array<FactorContribution>(size);
    for (let j = 0; j < size; j++) {
      const feature = FEATURE_NAMES[top[j]];
      row[j] = { feature, value: rows[i][feature], contribution: c[base + top[j]] };
    }
    out[i] = row;
  }
  return out;
}
