import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { User } from '../../users/entities/user.entity';

/** When a prediction or a factor crosses a threshold, an alert of this rule's severity is raised. */
@Entity({ name: 'alert_rules' })
@Check(
  'alert_rules_metric_check',
  `"metric" IN ('predicted_score', 'attendance', 'hours_studied', 'previous_scores', 'risk_level')`,
)
@Check('alert_rules_operator_check', `"operator" IN ('lt', 'lte', 'gt', 'gte', 'eq')`)
@Check('alert_rules_severity_check', `"severity" IN ('low', 'medium', 'high')`)
export class AlertRule {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('alert_rules_name_key', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 30 })
  metric!: string;

  @Column({ type: 'varchar', length: 5 })
  operator!: 'lt' | 'lte' | 'gt' | 'gte' | 'eq';

  @Column({ type: 'double precision' })
  threshold!: number;

  @Column({ type: 'varchar', length: 10 })
  severity!: 'low' | 'medium' | 'high';

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Index('alert_rules_updated_by_idx')
  @Column({ type: 'uuid', nullable: true })
  updatedBy!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'alert_rules_updated_by_fkey' })
  updater?: User | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
