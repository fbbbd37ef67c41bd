import { ApiProperty } from '@nestjs/swagger';
import { RISK_LEVEL_ENUM } from '../../../predictions/dto/api-enums';

class ExportedIntervalDto {
  @ApiProperty({ type: Number, example: 61.2 }) lower!: number;
  @ApiProperty({ type: Number, example: 72.9 }) upper!: number;
  @ApiProperty({ type: Number, example: 0.9 }) level!: number;
}

/** A stored prediction, with the factors it was made from. */
export class ExportedPredictionDto {
  @ApiProperty({ example: '5b0f7f0e-6a0c-4d55-9b1e-1f0c2b8f4a11', type: String, format: 'uuid' })
  id!: string;
  @ApiProperty({ type: Number, example: 67.4 }) predicted_score!: number;
  @ApiProperty({ type: Number, example: 0.82 }) confidence_level!: number;
  @ApiProperty({ type: ExportedIntervalDto }) prediction_interval!: ExportedIntervalDto;
  @ApiProperty({ ...RISK_LEVEL_ENUM, example: 'low' }) risk_level!: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    example: [{ feature: 'attendance', value: 84, contribution: 1.9 }],
  })
  top_factors!: unknown[];
  @ApiProperty({
    example: { hours_studied: 23, attendance: 84 },
    type: 'object',
    additionalProperties: true,
    description: 'Factors used.',
  })
  input_snapshot!: Record<string, unknown>;
  @ApiProperty({ type: String, example: '2025.09.01-rf' }) model_version!: string;
  @ApiProperty({ example: '2025-09-15T10:30:00.000Z', type: String, format: 'date-time' })
  prediction_date!: string;
}
