import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RegressionMetricsDto } from './regression-metrics.dto';
import { FACTOR_NAME_ENUM, INTERVENTION_LEVER_ENUM, MODEL_FEATURE_KIND_ENUM } from './api-enums';

class ModelTargetDto {
  @ApiProperty({ example: 'exam_score' }) name!: string;
  @ApiProperty({ example: 67.2673 }) training_mean!: number;
  @ApiProperty({ example: 55 }) training_min!: number;
  @ApiProperty({ example: 101 }) training_max!: number;
}

class ModelFeatureDto {
  @ApiProperty({ description: 'Column of the model input.', example: 0 }) index!: number;
  @ApiProperty({ ...FACTOR_NAME_ENUM, example: 'hours_studied' }) name!: string;
  @ApiProperty({ ...MODEL_FEATURE_KIND_ENUM, example: 'numeric' }) kind!: string;
  @ApiProperty({ example: 'Hours studied per week' }) description!: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Category → code for boolean and ordinal features ("null" → -1 when unknown).',
    example: { Low: 0, Medium: 1, High: 2 },
  })
  codes?: Record<string, number>;
}

class TrainingDataDto {
  @ApiProperty({ example: 'StudentPerformanceFactors.csv' }) source!: string;
  @ApiProperty({ description: 'Fingerprint of the training rows.', example: 'd27fb3d04bd694f8' })
  hash!: string;
  @ApiProperty({ example: 5607 }) rows!: number;
  @ApiProperty({ example: 4486 }) train_rows!: number;
  @ApiProperty({ example: 1121 }) held_out_rows!: number;
  @ApiProperty({ example: 0.2 }) held_out_fraction!: number;
  @ApiProperty({ example: 42 }) split_seed!: number;
}

class HeldOutMetricsDto {
  @ApiProperty({
    type: RegressionMetricsDto,
    description: 'The served model (named `forest` for compatibility; see `model.type`).',
  })
  forest!: RegressionMetricsDto;
  @ApiProperty({
    type: RegressionMetricsDto,
    nullable: true,
    description:
      'The random-forest configuration trained on the same students, for comparison (null when not trained).',
  })
  random_forest!: RegressionMetricsDto | null;
  @ApiProperty({ type: RegressionMetricsDto, description: 'A linear regression baseline.' })
  linear_baseline!: RegressionMetricsDto;
  @ApiProperty({
    type: RegressionMetricsDto,
    description: 'Predicting the training mean for everyone.',
  })
  mean_baseline!: RegressionMetricsDto;
}

class CrossValidationDto {
  @ApiProperty({ example: 5 }) folds!: number;
  @ApiProperty({ example: 44 }) seed!: number;
  @ApiProperty({ type: RegressionMetricsDto, description: 'The model, mean over the folds.' })
  model!: RegressionMetricsDto;
  @ApiProperty({
    type: RegressionMetricsDto,
    description: 'The linear baseline, mean over the same folds.',
  })
  linear_baseline!: RegressionMetricsDto;
}

class ModelMetricsDto {
  @ApiProperty({
    type: HeldOutMetricsDto,
    nullable: true,
    description: 'On students held out from training, against the baselines.',
  })
  held_out!: HeldOutMetricsDto | null;
  @ApiProperty({
    type: RegressionMetricsDto,
    description:
      'Training rows, each scored only by trees that did not see it (out of bag, or out of fold for an additive model).',
  })
  out_of_bag!: RegressionMetricsDto;
  @ApiProperty({
    type: CrossValidationDto,
    nullable: true,
    description: 'k-fold cross-validation over all rows, next to the linear baseline.',
  })
  cross_validation!: CrossValidationDto | null;
}

class SubgroupErrorDto extends RegressionMetricsDto {
  @ApiProperty({ example: 'gender' }) factor!: string;
  @ApiProperty({ description: 'The group value ("unknown" for null).', example: 'Female' })
  group!: string;
}

class SubgroupErrorsDto {
  @ApiProperty({ type: [SubgroupErrorDto], nullable: true }) held_out!: SubgroupErrorDto[] | null;
  @ApiProperty({ type: [SubgroupErrorDto] }) out_of_bag!: SubgroupErrorDto[];
}

class FeatureImportanceItemDto {
  @ApiProperty({ ...FACTOR_NAME_ENUM, example: 'attendance' }) feature!: string;
  @ApiProperty({
    description: 'Increase in held-out mean squared error when the feature is shuffled.',
    example: 11.5261,
  })
  permutation!: number;
  @ApiProperty({ description: 'Share of the split gain on the feature.', example: 0.3856 })
  impurity!: number;
}

class FeatureImportanceDto {
  @ApiProperty({ example: 'permutation' }) method!: string;
  @ApiProperty({ type: [FeatureImportanceItemDto], description: 'Most important first.' })
  features!: FeatureImportanceItemDto[];
}

class CoverageCheckDto {
  @ApiProperty({ example: 1121 }) rows!: number;
  @ApiProperty({
    description: 'Share of held-out scores inside their prediction interval.',
    example: 0.9019,
  })
  interval_coverage!: number;
  @ApiProperty({ example: 6.41 }) mean_interval_width!: number;
  @ApiProperty({ description: 'Average stated confidence_level.', example: 0.83 })
  mean_stated_confidence!: number;
  @ApiProperty({
    description: 'Observed share of held-out scores within ± tolerance.',
    example: 0.84,
  })
  observed_within_tolerance!: number;
}

class UncertaintyDto {
  @ApiProperty({ example: 'split_conformal' }) method!: string;
  @ApiProperty({ example: 0.9 }) interval_level!: number;
  @ApiProperty({ example: 2 }) tolerance!: number;
  @ApiProperty({ example: 4486 }) calibration_rows!: number;
  @ApiProperty({
    type: CoverageCheckDto,
    nullable: true,
    description: 'Calibration checked on the held-out students.',
  })
  held_out_coverage!: CoverageCheckDto | null;
}

class ExplanationsDto {
  @ApiProperty({ example: 'path_attribution' }) method!: string;
  @ApiProperty({ description: 'Score before any factor is considered.', example: 67.27 })
  base_value!: number;
}

class RiskThresholdsDto {
  @ApiProperty({ description: 'predicted_score below this → high risk.', example: 60 })
  high_below!: number;
  @ApiProperty({
    description: 'predicted_score below this (and not high) → medium risk.',
    example: 65,
  })
  medium_below!: number;
}

class WarningFiguresDto {
  @ApiProperty({ description: 'Held-out students who really scored below.', example: 261 })
  actual_below!: number;
  @ApiProperty({ description: 'Students the rule flagged.', example: 282 }) flagged!: number;
  @ApiProperty({ example: 259 }) true_positives!: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.9923 }) recall!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0.9184 }) precision!: number | null;
}

class ThresholdWarningDto {
  @ApiProperty({ example: 65 }) threshold!: number;
  @ApiProperty({
    type: WarningFiguresDto,
    description: 'The model: calibrated chance of scoring below above the level.',
  })
  model!: WarningFiguresDto;
  @ApiProperty({
    type: WarningFiguresDto,
    description: 'The linear baseline: prediction below the threshold.',
  })
  linear_baseline!: WarningFiguresDto;
}

class EarlyWarningDto {
  @ApiProperty({
    description: 'At risk below a threshold when the calibrated chance of it exceeds this.',
    example: 0.75,
  })
  probability_level!: number;
  @ApiProperty({
    description: 'How the level was chosen.',
    example:
      'the level (0.05 to 0.95 in steps of 0.05) with the best F2 of "below 65" on the out-of-fold predictions of the training rows',
  })
  level_choice!: string;
  @ApiProperty({
    type: [ThresholdWarningDto],
    nullable: true,
    description: '"Will score below the threshold" on held-out students, per card threshold.',
  })
  held_out!: ThresholdWarningDto[] | null;
}

class InterventionDto {
  @ApiProperty({ example: 'study_5_more_hours' }) id!: string;
  @ApiProperty({ example: 'hours_studied' }) factor!: string;
  @ApiProperty({ ...INTERVENTION_LEVER_ENUM, example: 'student' }) lever!: string;
  @ApiProperty({ example: 'Study 5 more hours per week (at most 60)' }) description!: string;
}

class RecommendationCatalogueDto {
  @ApiProperty({ type: [InterventionDto] }) interventions!: InterventionDto[];
  @ApiProperty({
    type: [String],
    description: 'Factors recommendations never change.',
    example: ['gender', 'family_income'],
  })
  never_changed!: string[];
}

class ScaleTreesDto {
  @ApiProperty({ example: 40 }) n_trees!: number;
  @ApiProperty({ example: 280 }) n_nodes!: number;
  @ApiProperty({ example: 2 }) max_depth!: number;
}

class ForestDto {
  @ApiProperty({ example: 'additive_trees_regressor' }) type!: string;
  @ApiProperty({ example: 128 }) n_trees!: number;
  @ApiProperty({ example: 82858 }) n_nodes!: number;
  @ApiProperty({ example: 16 }) max_depth!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Training parameters of the forest.',
    example: { learner: 'robust-additive', huber_delta: 15 },
  })
  params!: Record<string, unknown>;
  @ApiProperty({
    type: ScaleTreesDto,
    nullable: true,
    description: 'The ensemble predicting the size of the error (additive models).',
  })
  scale_trees!: ScaleTreesDto | null;
}

class ArtifactDto {
  @ApiProperty({
    example: '3b5d5c3712955042212316173ccf37be800c6e2b8e6c1d5ea3c8e07a2a0f1b9c',
    description: 'sha256 of the ONNX bytes.',
  })
  sha256!: string;
  @ApiProperty({ example: 2204995 }) bytes!: number;
}

/** The active model's card: what it was trained on, how good it is, how it explains itself. */
export class ModelCardDto {
  @ApiProperty({ example: 'at-20261202-d7ba2655' }) version!: string;
  @ApiProperty({
    example: 'Random forest on the 19 student factors, with calibrated 90 % intervals.',
  })
  description!: string;
  @ApiProperty({
    example: '2025-09-01T08:00:00.000Z',
    format: 'date-time',
    description: 'When the model was trained.',
  })
  created_at!: string;
  @ApiProperty({
    example: '2025-09-15T10:30:00.000Z',
    type: String,
    format: 'date-time',
    nullable: true,
  })
  activated_at!: string | null;
  @ApiProperty({ example: true }) is_active!: boolean;
  @ApiProperty({ type: ModelTargetDto }) target!: ModelTargetDto;
  @ApiProperty({ type: [ModelFeatureDto], description: 'The 19 input features, in input order.' })
  features!: ModelFeatureDto[];
  @ApiProperty({ type: TrainingDataDto }) training_data!: TrainingDataDto;
  @ApiProperty({ type: ModelMetricsDto, description: 'Accuracy, with the baselines.' })
  metrics!: ModelMetricsDto;
  @ApiProperty({ type: SubgroupErrorsDto, description: 'Errors per group of students.' })
  subgroup_errors!: SubgroupErrorsDto;
  @ApiProperty({ type: FeatureImportanceDto }) feature_importance!: FeatureImportanceDto;
  @ApiProperty({
    description: 'The ± points of every confidence_level.',
    example: 2,
  })
  tolerance!: number;
  @ApiProperty({ type: UncertaintyDto, description: 'Interval and confidence calibration.' })
  uncertainty!: UncertaintyDto;
  @ApiProperty({ type: ExplanationsDto }) explanations!: ExplanationsDto;
  @ApiProperty({
    type: RiskThresholdsDto,
    description: 'The thresholds this server applies (RISK_HIGH_BELOW, RISK_MEDIUM_BELOW).',
  })
  risk_thresholds!: RiskThresholdsDto;
  @ApiProperty({
    description: 'How the risk level of a prediction is decided.',
    example: 'high if the calibrated chance of scoring below 60 is above 0.75, …',
  })
  risk_rule!: string;
  @ApiProperty({
    type: EarlyWarningDto,
    nullable: true,
    description: 'Recall and precision of the risk warnings, next to the linear baseline.',
  })
  early_warning!: EarlyWarningDto | null;
  @ApiProperty({ type: RecommendationCatalogueDto })
  recommendations!: RecommendationCatalogueDto;
  @ApiProperty({ type: ForestDto }) model!: ForestDto;
  @ApiProperty({ type: ArtifactDto }) artifact!: ArtifactDto;
  @ApiProperty({
    example: ['Trained on one data set; scores from other schools may differ.'],
    type: [String],
  })
  limitations!: string[];
}
