import { ApiProperty } from '@nestjs/swagger';
import { RECOMMENDATION_STATUS_ENUM } from '../../../predictions/dto/api-enums';

const JSON_VALUE = [
  { type: 'number' },
  { type: 'string' },
  { type: 'boolean' },
  { type: 'object', additionalProperties: true },
  { type: 'array', items: {} },
];

/** An improvement suggestion made to the student. */
export class ExportedRecommendationDto {
  @ApiProperty({ example: '0c9d7b7e-3f7a-4d0e-8a59-2b8f3c1d9e20', type: String, format: 'uuid' })
  id!: string;
  @ApiProperty({
    example: '5b0f7f0e-6a0c-4d55-9b1e-1f0c2b8f4a11',
    type: String,
    format: 'uuid',
    nullable: true,
  })
  prediction_id!: string | null;
  @ApiProperty({ type: String, example: 'hours_studied' }) factor!: string;
  @ApiProperty({ description: 'Any JSON value.', example: 12, oneOf: JSON_VALUE })
  current_value!: unknown;
  @ApiProperty({ description: 'Any JSON value.', example: 20, oneOf: JSON_VALUE })
  suggested_value!: unknown;
  @ApiProperty({ type: Number, example: 2.4 }) expected_gain!: number;
  @ApiProperty({ type: String, example: 'Study 8 more hours a week.' }) message!: string;
  @ApiProperty({ type: Number, example: 1 }) priority!: number;
  @ApiProperty({ ...RECOMMENDATION_STATUS_ENUM, example: 'active' }) status!: string;
  @ApiProperty({ type: String, example: '2025.09.01-rf' }) model_version!: string;
  @ApiProperty({ example: '2025-09-15T10:30:00.000Z', type: String, format: 'date-time' })
  created_at!: string;
}
