import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../database/columns/timestamp-columns';
import { ForeignKey } from '../../database/columns/foreign-key';
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

  @ForeignKey(() => User, 'alert_rules', 'updated_by', 'SET NULL')
  updater?: User | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
