import { ApiProperty } from '@nestjs/swagger';
import { TRAINING_JOB_STATUS_ENUM, type TrainingJobStatus } from './api-enums';

/** A background training run and its outcome. */
export class TrainingJobDto {
  @ApiProperty({ example: '0c9d7b7e-3f7a-4d0e-8a59-2b8f3c1d9e20', format: 'uuid' })
  id!: string;

  @ApiProperty({ ...TRAINING_JOB_STATUS_ENUM, example: 'running' })
  status!: TrainingJobStatus;

  @ApiProperty({ description: 'Share of the work done (0–1).', example: 0.45 })
  progress!: number;

  @ApiProperty({ example: false, description: 'Activate even when worse than the active model.' })
  force!: boolean;

  @ApiProperty({ example: true, description: 'Activation was requested.' })
  activate!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The version trained (once succeeded).',
    example: 'rf-20261125-1a2b3c4d',
  })
  model_version!: string | null;

  @ApiProperty({
    example: null,
    type: Boolean,
    nullable: true,
    description: 'Whether the new version became the active one (null until finished).',
  })
  activated!: boolean | null;

  @ApiProperty({
    example: null,
    type: String,
    nullable: true,
    description: 'Outcome in words: the comparison with the active model, or why the job failed.',
  })
  message!: string | null;

  @ApiProperty({
    example: '5b0f7f0e-6a0c-4d55-9b1e-1f0c2b8f4a11',
    type: String,
    format: 'uuid',
    nullable: true,
  })
  requested_by!: string | null;

  @ApiProperty({ example: '2025-09-15T10:30:00.000Z', format: 'date-time' })
  created_at!: string;

  @ApiProperty({
    example: '2025-09-15T10:30:00.000Z',
    type: String,
    format: 'date-time',
    nullable: true,
  })
  started_at!: string | null;

  @ApiProperty({ example: null, type: String, format: 'date-time', nullable: true })
  finished_at!: string | null;
}
