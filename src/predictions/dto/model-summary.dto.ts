import { ApiProperty } from '@nestjs/swagger';
import { RegressionMetricsDto } from './regression-metrics.dto';
import { MODEL_STATUS_ENUM } from './api-enums';

/** One stored model version. */
export class ModelSummaryDto {
  @ApiProperty({ example: 'at-20261202-d7ba2655' })
  version!: string;

  @ApiProperty({
    example: 'additive_trees',
    description: '`additive_trees` (the served learner) or `random_forest` (the earlier one).',
  })
  algorithm!: string;

  @ApiProperty({ ...MODEL_STATUS_ENUM, example: 'ready' })
  status!: string;

  @ApiProperty({ example: true, description: 'The version every prediction currently uses.' })
  is_active!: boolean;

  @ApiProperty({
    type: RegressionMetricsDto,
    nullable: true,
    description: 'Held-out metrics of the model (null when it was trained without a held-out set).',
  })
  metrics!: RegressionMetricsDto | null;

  @ApiProperty({ description: 'Rows the model was trained on.', example: 4486 })
  training_rows!: number;

  @ApiProperty({ description: 'sha256 of the ONNX bytes.', example: 'a090f86f…' })
  file_hash!: string;

  @ApiProperty({
    example: null,
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Who trained it (null: shipped with the application).',
  })
  trained_by!: string | null;

  @ApiProperty({ example: '2025-09-01T08:00:00.000Z', format: 'date-time' })
  created_at!: string;

  @ApiProperty({
    example: '2025-09-15T10:30:00.000Z',
    type: String,
    format: 'date-time',
    nullable: true,
  })
  activated_at!: string | null;
}
