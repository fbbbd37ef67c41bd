/** Public API of the exam-score model (training, ONNX serving, explanations). */
export * from './student-factors';
export {
  describeEncoding,
  encodeBatch,
  encodeFactors,
  ENCODING_ID,
  EncodingError,
  FEATURE_NAMES,
  FEATURE_SPECS,
  MISSING_CODE,
  N_FEATURES,
} from './features';
export type { FeatureEncodingDescription, FeatureKind, FeatureSpec } from './features';
export type { LabelledStudent } from './labelled-student';
export {
  CSV_HEADERS,
  CsvRowError,
  parseCsvFactors,
  parseCsvRecord,
  parseStudentCsv,
} from './csv-dataset';

export {
  ADDITIVE_TRAINER_REVISION,
  dataHash,
  modelVersion,
  TRAINER_REVISION,
} from './model-version';
export { trainForest } from './train-forest';
export type { TrainedModel, TrainingProgress } from './trained-model';
export { trainAdditive } from './train-additive';
export { trainScoreModel } from './train-score-model';
export {
  DEFAULT_FOREST_PARAMS,
  DEFAULT_TRAINING_PARAMS,
  LEARNERS,
  resolveTrainingParams,
} from './training-params';
export type { Learner, TrainingParams, TrainingParamsInput } from './training-params';
export type { ForestParams } from './random-forest';
export { trainModelInWorker } from './train-model-worker';
export { TreeForest } from './tree-forest';
export type { TreeAggregate } from './tree-forest';
export { splitRows } from './data-split';
export { SeededRng } from './rng';
export { ACTIVE_POINTER_FILE, readActiveModelFiles, writeModelFiles } from './model-files';
export type { ActiveModelPointer, WrittenModelFiles } from './model-files';
export { ADDITIVE_MODEL_TYPE, FOREST_MODEL_TYPE, MODEL_CARD_SCHEMA } from './model-card';
export type {
  AdditiveModelParams,
  CoverageCheck,
  CrossValidation,
  EarlyWarning,
  ModelCard,
  WarningFigures,
} from './model-card';
export type { RegressionMetrics } from './metrics';

export { DEFAULT_SESSION_OPTIONS, OnnxForest } from './onnx-forest';
export type { EncodedPrediction, ForestPrediction, OnnxForestOptions } from './onnx-forest';
export { ModelValidationError } from './model-validation-error';
export { StudentScoreModel } from './student-score-model';
export { probeModel, probeStudents, proveModel } from './model-probe';
export type { ProbeReport } from './model-probe';
export type { StudentAssessment, StudentScoreModelOptions } from './student-score-model';
export { scorePrediction } from './assessment';
export type { ScoredPrediction, UncertaintySettings } from './assessment';
export { explainPrediction, topFactors, topFactorsBatch } from './explanations';
export type { Explanation, FactorContribution } from './explanations';
export {
  hasUnlearntValue,
  learntShares,
  MarginalRows,
  UNLEARNT_VALUES_LIMITATIONS,
} from './unlearnt-values';
export type { LearntShares, UnusedFactor } from './unlearnt-values';
export {
  DEFAULT_RISK_THRESHOLDS,
  riskLevel,
  riskLevelFromChances,
  validateRiskThresholds,
} from './risk';
export type { RiskLevel, RiskThresholds } from './risk';
export {
  ACTIONABLE_FACTORS,
  applyIntervention,
  DEFAULT_INTERVENTIONS,
  IMMUTABLE_FACTORS,
} from './interventions';
export type { ActionableFactor, Intervention, Lever } from './interventions';
export { recommend } from './recommendations';
export type { BatchScorer, Recommendation, RecommendationOptions } from './recommendations';
export { whatIf } from './what-if';
export type { ScenarioScorer, WhatIfResult } from './what-if';
