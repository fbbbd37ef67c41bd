import { FeatureEncodingDescription } from './features';
import { AffineCalibration } from './leaf-calibration';
import { RegressionMetrics } from './metrics';
import { ForestParams } from './random-forest';
import { RiskThresholds } from './risk';
import { SubgroupMetrics } from './subgroups';
import { Lever } from './interventions';
import { FactorName } from './student-factors';

export const MODEL_CARD_SCHEMA = 'student-score-model-card/1';

export interface CoverageCheck {
  rows: number;
  /** Fraction of rows whose actual score fell inside the prediction interval. */
  intervalCoverage: number;
  meanIntervalWidth: number;
  /** Average stated confidence_level vs. the observed fraction within ± tolerance. */
  meanStatedConfidence: number;
  observedWithinTolerance: number;
}

export interface ModelCard {
  schema: typeof MODEL_CARD_SCHEMA;
  version: string;
  createdAt: string;
  description: string;
  target: { name: 'exam_score'; trainingMean: number; trainingMin: number; trainingMax: number };
  encodingId: string;
  features: FeatureEncodingDescription[];
  data: {
    source: string;
    /** sha256 (first 16 hex) of the encoded rows and scores. */
    hash: string;
    rows: number;
    trainRows: number;
    heldOutRows: number;
    heldOutFraction: number;
    splitSeed: number;
  };
  model: {
    type: 'random_forest_regressor';
    params: ForestParams;
    robustTargets: { k: number; clippedRows: number; clipLimit: number } | null;
    leafCalibration: AffineCalibration;
    nTrees: number;
    nNodes: number;
    maxDepth: number;
    onnx: { opset: number; mlOpset: number; input: string; outputs: string[] };
  };
  metrics: {
    /** Held-out students (never seen by any tree, nor used for any choice). */
    heldOut: {
      forest: RegressionMetrics;
      linearBaseline: RegressionMetrics;
      /** Predicting the training mean for everyone. */
      meanBaseline: RegressionMetrics;
    } | null;
    /** Training rows, each scored only by the trees that did not train on it. */
    outOfBag: RegressionMetrics;
    subgroups: { heldOut: SubgroupMetrics | null; outOfBag: SubgroupMetrics };
  };
  importance: {
    method: string;
    features: Array<{ feature: FactorName; permutation: number; impurity: number }>;
  };
  uncertainty: {
    method: string;
    calibrationRows: number;
    beta: number;
    intervalLevel: number;
    tolerance: number;
    heldOut: CoverageCheck | null;
  };
  explanations: { method: string; baseValue: number };
  risk: { thresholds: RiskThresholds; rule: string };
  recommendations: {
    interventions: Array<{ id: string; factor: FactorName; lever: Lever; description: string }>;
    neverChanged: FactorName[];
  };
  limitations: string[];
  /** Present in the .card.json file only (not in the copy embedded in the .onnx). */
  artifact?: { file: string; bytes: number; sha256: string };
}
