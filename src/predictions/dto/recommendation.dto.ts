import { ApiProperty } from '@nestjs/swagger';
import { ACTIONABLE_FACTOR_ENUM, RECOMMENDATION_STATUS_ENUM } from './api-enums';

/** A change to one actionable factor, with the model's expected gain. */
export class RecommendationDto {
  @ApiProperty({ example: '0c9d7b7e-3f7a-4d0e-8a59-2b8f3c1d9e20', format: 'uuid' })
  id!: string;

  @ApiProperty({ ...ACTIONABLE_FACTOR_ENUM, example: 'hours_studied' })
  factor!: string;

  @ApiProperty({
    description: 'The current value of the factor.',
    oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }],
    example: 12,
  })
  current_value!: number | string | boolean;

  @ApiProperty({
    description: 'The suggested value.',
    oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }],
    example: 17,
  })
  suggested_value!: number | string | boolean;

  @ApiProperty({
    description:
      'Predicted score with the change minus the current prediction (points). A model estimate, not a causal effect.',
    example: 1.84,
  })
  expected_gain!: number;

  @ApiProperty({ example: 'Study 5 more hours per week (at most 60): about +1.8 points.' })
  message!: string;

  @ApiProperty({ description: '1 = the largest expected gain.', minimum: 1, example: 1 })
  priority!: number;

  @ApiProperty({ ...RECOMMENDATION_STATUS_ENUM, example: 'active' })
  status!: string;

  @ApiProperty({ example: 'rf-20261125-75675e25' })
  model_version!: string;

  @ApiProperty({ example: '2025-09-15T10:30:00.000Z', format: 'date-time' })
  created_at!: string;
}
