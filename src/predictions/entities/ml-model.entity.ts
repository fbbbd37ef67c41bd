import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '../../database/columns/timestamp-columns';
import { ForeignKey } from '../../database/columns/foreign-key';
import { User } from '../../users/entities/user.entity';

/**
 * A trained model version. The ONNX bytes live in the database so every instance can load
 * the active one; at most one model is active (partial unique index).
 */
@Entity({ name: 'models' })
@Check('models_status_check', `"status" IN ('ready', 'retired')`)
@Index('models_one_active_idx', ['isActive'], { unique: true, where: '"is_active"' })
export class MlModel {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('models_version_key', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  version!: string;

  @Column({ type: 'varchar', length: 50, default: 'random_forest' })
  algorithm!: string;

  @Column({ type: 'varchar', length: 20, default: 'ready' })
  status!: 'ready' | 'retired';

  @Column({ type: 'boolean', default: false })
  isActive!: boolean;

  /** Headline held-out metrics (r2, mae, rmse) for listing and comparison. */
  @Column({ type: 'jsonb' })
  metrics!: Record<string, unknown>;

  /** The full model card. */
  @Column({ type: 'jsonb' })
  card!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 64 })
  fileHash!: string;

  @Column({ type: 'bytea' })
  onnx!: Buffer;

  @Column({ type: 'integer' })
  trainingRows!: number;

  @Index('models_trained_by_idx')
  @Column({ type: 'uuid', nullable: true })
  trainedBy!: string | null;

  @ForeignKey(() => User, 'models', 'trained_by', 'SET NULL')
  trainer?: User | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  activatedAt!: Date | null;
}
