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
  @ApiProperty({ type: RegressionMetricsDto, description: 'The served forest.' })
  forest!: RegressionMetricsDto;
  @ApiProperty({ type: RegressionMetricsDto, description: 'A linear regression baseline.' })
  linear_baseline!: RegressionMetricsDto;
  @ApiProperty({
    type: RegressionMetricsDto,
    description: 'Predicting the training mean for everyone.',
  })
  mean_baseline!: RegressionMetricsDto;
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
    description: 'Training rows, each scored only by the trees that did not see it.',
  })
  out_of_bag!: RegressionMetricsDto;
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

class ForestDto {
  @ApiProperty({ example: 'random_forest_regressor' }) type!: string;
  @ApiProperty({ example: 128 }) n_trees!: number;
  @ApiProperty({ example: 82858 }) n_nodes!: number;
  @ApiProperty({ example: 16 }) max_depth!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Training parameters of the forest.',
    example: { n_trees: 128, max_features: 0.25, min_samples_leaf: 2 },
  })
  params!: Record<string, unknown>;
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
  @ApiProperty({ example: 'rf-20261125-75675e25' }) version!: string;
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
