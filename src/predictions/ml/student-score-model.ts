import { ScoredPrediction, scorePrediction } from './assessment';
import {
  Explanation,
  explainPrediction,
  FactorContribution,
  topFactorsBatch,
} from './explanations';
import { ModelCard } from './model-card';
import { ForestPrediction, OnnxForest, OnnxForestOptions } from './onnx-forest';
import { recommend, Recommendation, RecommendationOptions } from './recommendations';
import { DEFAULT_RISK_THRESHOLDS, RiskThresholds, validateRiskThresholds } from './risk';
import { StudentFactors } from './student-factors';
import { MarginalRows, UnusedFactor } from './unlearnt-values';
import { whatIf, WhatIfResult } from './what-if';

export interface StudentAssessment extends ScoredPrediction {
  model_version: string;
  top_factors: FactorContribution[];
  /** Factors whose value the model did not learn from and did not use (usually none). */
  unused_factors: readonly UnusedFactor[];
}

export interface StudentScoreModelOptions extends OnnxForestOptions {
  /** Risk thresholds; default: the model card's, else DEFAULT_RISK_THRESHOLDS. */
  readonly risk?: RiskThresholds;
}

/**
 * Everything the prediction endpoints need from one model: calibrated predictions,
 * explanations, recommendations and what-if scenarios. Plain class; wrap it in an
 * injectable provider and call `release()` on shutdown.
 */
export class StudentScoreModel {
  readonly risk: RiskThresholds;

  constructor(
    readonly forest: OnnxForest,
    risk?: RiskThresholds,
  ) {
    this.risk = risk ?? forest.card.risk?.thresholds ?? DEFAULT_RISK_THRESHOLDS;
    validateRiskThresholds(this.risk);
  }

  static async load(
    bytes: Uint8Array,
    options: StudentScoreModelOptions = {},
  ): Promise<StudentScoreModel> {
    return new StudentScoreModel(await OnnxForest.load(bytes, options), options.risk);
  }

  get version(): string {
    return this.forest.version;
  }

  get card(): ModelCard {
    return this.forest.card;
  }

  /** Raw model output: prediction and uncertainty scale per student. */
  predict(rows: readonly StudentFactors[]): Promise<ForestPrediction> {
    return this.forest.predict(rows);
  }

  /** Calibrated prediction, interval, confidence and risk level per student. */
  async score(
    rows: readonly StudentFactors[],
    risk: RiskThresholds = this.risk,
  ): Promise<ScoredPrediction[]> {
    const p = await this.forest.predict(rows);
    return rows.map((_, i) => scorePrediction(p.mean[i], p.scale[i], this.forest, risk));
  }

  /** `score` plus the top factors of each prediction. */
  async assess(
    rows: readonly StudentFactors[],
    options: { topFactors?: number; risk?: RiskThresholds } = {},
  ): Promise<StudentAssessment[]> {
    // One MarginalRows for the prediction and the explanations (see unlearnt-values.ts).
    const m = MarginalRows.of(rows, this.forest.learntShares);
    const p = await this.forest.predict(rows, m);
    const risk = options.risk ?? this.risk;
    const top = topFactorsBatch(this.forest.trees, rows, options.topFactors ?? 5, m);
    return rows.map((_, i) => ({
      ...scorePrediction(p.mean[i], p.scale[i], this.forest, risk),
      model_version: this.version,
      top_factors: top[i],
      unused_factors: m.unused[i],
    }));
  }

  /** Per-factor contributions; baseValue + Σ contributions equals predicted_score. */
  explain(row: StudentFactors): Explanation {
    return explainPrediction(this.forest.trees, row, this.forest.learntShares);
  }

  async recommend(
    row: StudentFactors,
    options?: RecommendationOptions,
  ): Promise<{ baseline: number; recommendations: Recommendation[] }> {
    return recommend(async (rows) => (await this.forest.predict(rows)).mean, row, options);
  }

  whatIf(row: StudentFactors, changes: Partial<StudentFactors>): Promise<WhatIfResult> {
    return whatIf((rows) => this.score(rows), row, changes);
  }

  release(): Promise<void> {
    return this.forest.release();
  }
}
