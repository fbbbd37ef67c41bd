import { ApiProperty } from '@nestjs/swagger';

export const TRAINING_JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;

/** A background training run and its outcome. */
export class TrainingJobDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: TRAINING_JOB_STATUSES, example: 'running' })
  status!: (typeof TRAINING_JOB_STATUSES)[number];

  @ApiProperty({ description: 'Share of the work done (0–1).', example: 0.45 })
  progress!: number;

  @ApiProperty({ description: 'Activate even when worse than the active model.' })
  force!: boolean;

  @ApiProperty({ description: 'Activation was requested.' })
  activate!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The version trained (once succeeded).',
    example: 'rf-20261125-1a2b3c4d',
  })
  model_version!: string | null;

  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'Whether the new version became the active one (null until finished).',
  })
  activated!: boolean | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Outcome in words: the comparison with the active model, or why the job failed.',
  })
  message!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  requested_by!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  started_at!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finished_at!: string | null;
}
