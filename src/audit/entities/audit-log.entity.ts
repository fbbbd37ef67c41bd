import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity';

/**
 * Append-only record of security-relevant and data-changing actions. Holds no secrets and,
 * once a student is erased, no personal data (target ids only).
 */
@Entity({ name: 'audit_logs' })
@Index('audit_logs_target_idx', ['targetType', 'targetId'])
export class AuditLog {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Index('audit_logs_occurred_at_idx')
  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  @Index('audit_logs_actor_id_idx')
  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'audit_logs_actor_id_fkey' })
  actor?: User | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  actorRole!: string | null;

  @Index('audit_logs_action_idx')
  @Column({ type: 'varchar', length: 60 })
  action!: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  targetType!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  targetId!: string | null;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ipAddress!: string | null;

  @Column({ type: 'varchar', length: 512, nullable: true })
  userAgent!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;

  @Column({ type: 'varchar', length: 10, default: 'success' })
  outcome!: 'success' | 'failure';

  @Column({ type: 'jsonb', default: {} })
  details!: Record<string, unknown>;
}
