import { apiEnum } from '../../common/http/api-enum';
import { ACTIONABLE_FACTORS, FEATURE_NAMES } from '../ml';

/** The value sets of the predictions API as named OpenAPI schemas. */
export const FACTOR_NAME_ENUM = apiEnum(
  'FactorName',
  FEATURE_NAMES,
  'One of the 19 student factors (snake_case, as in student profiles).',
);
export const ACTIONABLE_FACTOR_ENUM = apiEnum(
  'ActionableFactor',
  ACTIONABLE_FACTORS,
  'A factor a student, school or family can change, so a recommendation may suggest it.',
);
export const RISK_LEVEL_ENUM = apiEnum(
  'RiskLevel',
  ['low', 'medium', 'high'],
  'Risk of a poor exam result from the predicted score (high below RISK_HIGH_BELOW, medium below RISK_MEDIUM_BELOW); also the severity of an alert.',
);
export type RiskLevel = (typeof RISK_LEVEL_ENUM.enum)[number];
export const RECOMMENDATION_STATUS_ENUM = apiEnum(
  'RecommendationStatus',
  ['active', 'dismissed', 'completed', 'superseded'],
  'active until dismissed or completed; superseded when a newer prediction replaced it.',
);
export const MODEL_STATUS_ENUM = apiEnum(
  'ModelStatus',
  ['ready', 'retired'],
  'Whether a model version may be activated (ready) or is kept only for the record (retired).',
);
export const TRAINING_JOB_STATUS_ENUM = apiEnum(
  'TrainingJobStatus',
  ['queued', 'running', 'succeeded', 'failed'],
  'Progress of a background training run.',
);
export type TrainingJobStatus = (typeof TRAINING_JOB_STATUS_ENUM.enum)[number];
export const MODEL_FEATURE_KIND_ENUM = apiEnum(
  'ModelFeatureKind',
  ['numeric', 'boolean', 'ordinal'],
  'How a model input column encodes its factor.',
);
export const INTERVENTION_LEVER_ENUM = apiEnum(
  'InterventionLever',
  ['student', 'school', 'family'],
  'Who can act on an intervention.',
);
