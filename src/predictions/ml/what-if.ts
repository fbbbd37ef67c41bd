import { ScoredPrediction } from './assessment';
import { FactorName, StudentFactors } from './student-factors';

/** Scores students with calibrated uncertainty (e.g. StudentScoreModel.score). */
export type ScenarioScorer = (rows: readonly StudentFactors[]) => Promise<ScoredPrediction[]>;

export interface WhatIfResult {
  baseline: ScoredPrediction;
  scenario: ScoredPrediction;
  /** scenario.predicted_score − baseline.predicted_score. */
  delta: number;
  /** Factors whose value differs between baseline and scenario. */
  changed: FactorName[];
}

/** Predicts the student as is and with `changes` applied, in one batch. */
export async function whatIf(
  score: ScenarioScorer,
  student: StudentFactors,
  changes: Partial<StudentFactors>,
): Promise<WhatIfResult> {
  const scenarioFactors: StudentFactors = { ...student, ...changes };
  const changed = (Object.keys(changes) as FactorName[]).filter(
    (k) => scenarioFactors[k] !== student[k],
  );
  const [baseline, scenario] = await score([student, scenarioFactors]);
  return {
    baseline,
    scenario,
    delta: scenario.predicted_score - baseline.predicted_score,
    changed,
  };
}
