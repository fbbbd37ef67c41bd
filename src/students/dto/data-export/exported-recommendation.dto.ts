import { ApiProperty } from '@nestjs/swagger';

const JSON_VALUE = [
  { type: 'number' },
  { type: 'string' },
  { type: 'boolean' },
  { type: 'object', additionalProperties: true },
  { type: 'array', items: {} },
];

/** An improvement suggestion made to the student. */
export class ExportedRecommendationDto {
  @ApiProperty({ type: String, format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) prediction_id!: string | null;
  @ApiProperty({ type: String, example: 'hours_studied' }) factor!: string;
  @ApiProperty({ description: 'Any JSON value.', example: 12, oneOf: JSON_VALUE })
  current_value!: unknown;
  @ApiProperty({ description: 'Any JSON value.', example: 20, oneOf: JSON_VALUE })
  suggested_value!: unknown;
  @ApiProperty({ type: Number, example: 2.4 }) expected_gain!: number;
  @ApiProperty({ type: String, example: 'Study 8 more hours a week.' }) message!: string;
  @ApiProperty({ type: Number, example: 1 }) priority!: number;
  @ApiProperty({ enum: ['active', 'dismissed', 'completed', 'superseded'] }) status!: string;
  @ApiProperty({ type: String, example: '2025.09.01-rf' }) model_version!: string;
  @ApiProperty({ type: String, format: 'date-time' }) created_at!: string;
}
