import { ApiProperty } from '@nestjs/swagger';
import { PredictionIntervalDto } from './prediction-interval.dto';
import { TopFactorDto } from './top-factor.dto';
import { UnusedFactorDto } from './unused-factor.dto';
import { RISK_LEVEL_ENUM, type RiskLevel } from './api-enums';

/** A prediction for a set of factors: score, calibrated uncertainty, risk and explanation. */
export class PredictionResultDto {
  @ApiProperty({ description: 'Predicted exam score (points, 2 decimals).', example: 66.64 })
  predicted_score!: number;

  @ApiProperty({
    description:
      'Calibrated probability that the actual exam score lies within ± `tolerance` points of predicted_score.',
    minimum: 0,
    maximum: 1,
    example: 0.7342,
  })
  confidence_level!: number;

  @ApiProperty({ description: 'The ± points confidence_level refers to.', example: 2 })
  tolerance!: number;

  @ApiProperty({ type: PredictionIntervalDto })
  prediction_interval!: PredictionIntervalDto;

  @ApiProperty({
    ...RISK_LEVEL_ENUM,
    description:
      'high below RISK_HIGH_BELOW (default 60), medium below RISK_MEDIUM_BELOW (default 65), else low; from predicted_score.',
    example: 'low',
  })
  risk_level!: RiskLevel;

  @ApiProperty({
    type: [TopFactorDto],
    description: 'The five factors with the largest effect on this prediction, largest first.',
  })
  top_factors!: TopFactorDto[];

  @ApiProperty({
    type: [UnusedFactorDto],
    required: false,
    description:
      'Present only when the model did not use some factor of this prediction (never on stored history items): the factors because their value is not one it learnt from (gender Non-binary or Not stated: the training data has Male and Female only). The prediction and the contributions are then the average over the learnt values, weighted by their shares of the training students, so the factor contributes 0 in the served additive model.',
    example: [
      {
        feature: 'gender',
        value: 'Non-binary',
        reason:
          'gender not used: Non-binary is not one of the values the model learnt (Male, Female); the prediction averages over them, weighted by their shares of the training students (Male 0.574, Female 0.426).',
      },
    ],
  })
  unused_factors?: UnusedFactorDto[];

  @ApiProperty({
    description: 'The model version that made the prediction.',
    example: 'rf-20261125-75675e25',
  })
  model_version!: string;
}
