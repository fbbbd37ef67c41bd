import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '../../users/entities/user.entity';

/** The stored report of one CSV import. */
@Entity({ name: 'data_imports' })
@Check('data_imports_mode_check', `"mode" IN ('atomic', 'partial')`)
@Check('data_imports_status_check', `"status" IN ('completed', 'rejected', 'failed')`)
export class DataImport {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('data_imports_created_by_idx')
  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'data_imports_created_by_fkey' })
  creator?: User | null;

  @Column({ type: 'varchar', length: 255 })
  fileName!: string;

  @Index('data_imports_file_hash_idx')
  @Column({ type: 'varchar', length: 64 })
  fileHash!: string;

  @Column({ type: 'bigint' })
  fileSize!: string;

  @Index('data_imports_idempotency_key_key', {
    unique: true,
    where: '"idempotency_key" IS NOT NULL',
  })
  @Column({ type: 'varchar', length: 255, nullable: true })
  idempotencyKey!: string | null;

  @Column({ type: 'varchar', length: 10 })
  mode!: 'atomic' | 'partial';

  @Column({ type: 'boolean', default: false })
  dryRun!: boolean;

  @Column({ type: 'varchar', length: 20 })
  status!: 'completed' | 'rejected' | 'failed';

  @Column({ type: 'integer', default: 0 })
  rowsTotal!: number;

  @Column({ type: 'integer', default: 0 })
  inserted!: number;

  @Column({ type: 'integer', default: 0 })
  updated!: number;

  @Column({ type: 'integer', default: 0 })
  skipped!: number;

  @Column({ type: 'integer', default: 0 })
  errorCount!: number;

  /**
   * The first problems, `{ row, column, message, code }`, capped; errorCount has the full count.
   */
  @Column({ type: 'jsonb', default: [] })
  errors!: { row: number; column: string | null; message: string; code?: string }[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
