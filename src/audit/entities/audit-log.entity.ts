import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

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

  /**
   * The user who acted. Its foreign key to users (audit_logs_actor_id_fkey, ON DELETE SET NULL)
   * is declared outside the entity, in the schema drift check's list, so that audit does not
   * depend on users.
   */
  @Index('audit_logs_actor_id_idx')
  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

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
