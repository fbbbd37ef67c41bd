import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn } from '../../database/columns/timestamp-columns';
import { ForeignKey } from '../../database/columns/foreign-key';
import { User } from '../../users/entities/user.entity';
import type { ImportColumns, UnknownColumns } from '../header-mapping';

/** `queued` and `running` are the states of a background job; the others are outcomes. */
export type DataImportStatus = 'queued' | 'running' | 'completed' | 'rejected' | 'failed';

/** The stored report of one CSV import. */
@Entity({ name: 'data_imports' })
@Check('data_imports_mode_check', `"mode" IN ('atomic', 'partial')`)
@Check(
  'data_imports_status_check',
  `"status" IN ('queued', 'running', 'completed', 'rejected', 'failed')`,
)
@Check('data_imports_unknown_columns_check', `"unknown_columns" IN ('ignore', 'error')`)
@Check('data_imports_phase_check', `"phase" IN ('read', 'check', 'load', 'merge')`)
@Index('data_imports_active_idx', ['updatedAt'], { where: `"status" IN ('queued', 'running')` })
export class DataImport {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('data_imports_created_by_idx')
  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ForeignKey(() => User, 'data_imports', 'created_by', 'SET NULL')
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

  /** The request's `unknown_columns`: skip the columns the import does not know, or refuse. */
  @Column({ type: 'varchar', length: 10, default: 'ignore' })
  unknownColumns!: UnknownColumns;

  @Column({ type: 'varchar', length: 20 })
  status!: DataImportStatus;

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

  @CreatedAtColumn()
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** A background job's last reported phase (null for an import run in its request). */
  @Column({ type: 'varchar', length: 10, nullable: true })
  phase!: 'read' | 'check' | 'load' | 'merge' | null;

  /** A job's bytes of the file read so far. */
  @Column({ type: 'bigint', nullable: true })
  bytesRead!: string | null;

  /** A job's data rows read so far. */
  @Column({ type: 'integer', nullable: true })
  rowsRead!: number | null;

  /** Units of the phase done (bytes for read, rows otherwise) and their total when known. */
  @Column({ type: 'bigint', nullable: true })
  phaseDone!: string | null;

  @Column({ type: 'bigint', nullable: true })
  phaseTotal!: string | null;

  /** When a job got its import place and began. */
  @Column({ type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  /** A job's last progress write; a queued or running job that stops writing it has died. */
  @Column({ type: 'timestamptz', nullable: true })
  updatedAt!: Date | null;

  /** The earlier import a job returned instead of importing the same content again. */
  @Column({ type: 'uuid', nullable: true })
  replayOf!: string | null;

  /** Number of warnings found (all of them); `warnings` keeps the first. */
  @Column({ type: 'integer', default: 0 })
  warningCount!: number;

  /** The first warnings, `{ row, column, message, code }`, capped as `errors` are. */
  @Column({ type: 'jsonb', default: [] })
  warnings!: { row: number; column: string | null; message: string; code: string }[];

  /** The file's columns, `{ used, ignored, missing }`; null when its header was never read. */
  @Column({ type: 'jsonb', nullable: true })
  columns!: ImportColumns | null;
}
