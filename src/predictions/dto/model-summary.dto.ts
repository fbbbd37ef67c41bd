import { ApiProperty } from '@nestjs/swagger';
import { RegressionMetricsDto } from './regression-metrics.dto';

/** One stored model version. */
export class ModelSummaryDto {
  @ApiProperty({ example: 'rf-20261125-75675e25' })
  version!: string;

  @ApiProperty({ example: 'random_forest' })
  algorithm!: string;

  @ApiProperty({ enum: ['ready', 'retired'], example: 'ready' })
  status!: string;

  @ApiProperty({ description: 'The version every prediction currently uses.' })
  is_active!: boolean;

  @ApiProperty({
    type: RegressionMetricsDto,
    nullable: true,
    description:
      'Held-out metrics of the forest (null when the model was trained without a held-out set).',
  })
  metrics!: RegressionMetricsDto | null;

  @ApiProperty({ description: 'Rows the forest was trained on.', example: 4486 })
  training_rows!: number;

  @ApiProperty({ description: 'sha256 of the ONNX bytes.', example: 'a090f86f…' })
  file_hash!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Who trained it (null: shipped with the application).',
  })
  trained_by!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  activated_at!: string | null;
}
