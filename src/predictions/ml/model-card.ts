import { FeatureEncodingDescription } from './features';
import { AffineCalibration } from './leaf-calibration';
import { RegressionMetrics } from './metrics';
import { ForestParams } from './random-forest';
import { RiskThresholds } from './risk';
import { SubgroupMetrics } from './subgroups';
import { Lever } from './interventions';
import { FactorName } from './student-factors';

export const MODEL_CARD_SCHEMA = 'student-score-model-card/1';

/** `model.type` of the additive tree ensemble (a robust linear fit written as trees). */
export const ADDITIVE_MODEL_TYPE = 'additive_trees_regressor';
export const FOREST_MODEL_TYPE = 'random_forest_regressor';

/** Parameters of the additive learner, as recorded in the card. */
export interface AdditiveModelParams {
  learner: 'robust-additive';
  /** Huber threshold (points) of the chosen fit. */
  huberDelta: number;
  /** The thresholds compared, and the folds of the training rows they were compared on. */
  huberDeltaCandidates: number[];
  innerFolds: number;
  foldSeed: number;
}

/** "Will score below the threshold" on held-out students: what a warning rule gets right. */
export interface WarningFigures {
  /** Students who really scored below the threshold. */
  actualBelow: number;
  /** Students the rule flagged. */
  flagged: number;
  /** Flagged students who really scored below. */
  truePositives: number;
  /** truePositives / actualBelow (null when nobody scored below). */
  recall: number | null;
  /** truePositives / flagged (null when nobody was flagged). */
  precision: number | null;
}

export interface EarlyWarning {
  /** A student is flagged below a threshold when the calibrated chance of it exceeds this. */
  probabilityLevel: number;
  /** How the level was chosen. */
  levelChoice: string;
  heldOut: Array<{
    threshold: number;
    model: WarningFigures;
    /** The linear baseline flags a student when its prediction is below the threshold. */
    linearBaseline: WarningFigures;
  }> | null;
}

/** k-fold cross-validation over all rows: mean of the per-fold figures. */
export interface CrossValidation {
  folds: number;
  seed: number;
  model: RegressionMetrics;
  linearBaseline: RegressionMetrics;
}

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
    type: typeof FOREST_MODEL_TYPE | typeof ADDITIVE_MODEL_TYPE;
    params: ForestParams | AdditiveModelParams;
    robustTargets: { k: number; clippedRows: number; clipLimit: number } | null;
    leafCalibration: AffineCalibration;
    nTrees: number;
    nNodes: number;
    maxDepth: number;
    onnx: { opset: number; mlOpset: number; input: string; outputs: string[] };
    /** Additive models: the ensemble predicting the size of the error (the interval's scale). */
    scaleTrees?: { nTrees: number; nNodes: number; maxDepth: number };
    /** Additive models: how the Huber threshold was chosen, with each candidate's figures. */
    selection?: {
      rule: string;
      candidates: Array<{ huberDelta: number; worstFoldR2Gain: number; worstFoldMaeGain: number }>;
    };
  };
  metrics: {
    /** Held-out students (never seen by any tree, nor used for any choice). */
    heldOut: {
      forest: RegressionMetrics;
      linearBaseline: RegressionMetrics;
      /** Predicting the training mean for everyone. */
      meanBaseline: RegressionMetrics;
      /** The random-forest configuration trained on the same rows, for comparison. */
      randomForest?: RegressionMetrics | null;
    } | null;
    crossValidation?: CrossValidation;
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
  risk: { thresholds: RiskThresholds; rule: string; probabilityLevel?: number };
  earlyWarning?: EarlyWarning;
  recommendations: {
    interventions: Array<{ id: string; factor: FactorName; lever: Lever; description: string }>;
    neverChanged: FactorName[];
  };
  limitations: string[];
  /** Present in the .card.json file only (not in the copy embedded in the .onnx). */
  artifact?: { file: string; bytes: number; sha256: string };
}
