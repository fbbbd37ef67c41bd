import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '../../database/columns/timestamp-columns';
import { ForeignKey } from '../../database/columns/foreign-key';
import { User } from '../../users/entities/user.entity';

export type TrainingJobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** A background training run requested through the API, with its outcome. */
@Entity({ name: 'model_training_jobs' })
@Check(
  'model_training_jobs_status_check',
  `"status" IN ('queued', 'running', 'succeeded', 'failed')`,
)
export class TrainingJob {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('model_training_jobs_status_idx')
  @Column({ type: 'varchar', length: 20, default: 'queued' })
  status!: TrainingJobStatus;

  @Index('model_training_jobs_requested_by_idx')
  @Column({ type: 'uuid', nullable: true })
  requestedBy!: string | null;

  @ForeignKey(() => User, 'model_training_jobs', 'requested_by', 'SET NULL')
  requester?: User | null;

  /** Activate even when worse than the active model on the same held-out data. */
  @Column({ type: 'boolean', default: false })
  force!: boolean;

  @Column({ type: 'boolean', default: false })
  activate!: boolean;

  @Column({ type: 'jsonb', default: {} })
  params!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 100, nullable: true })
  modelVersion!: string | null;

  @Column({ type: 'boolean', nullable: true })
  activated!: boolean | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ type: 'double precision', default: 0 })
  progress!: number;

  @CreatedAtColumn()
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
