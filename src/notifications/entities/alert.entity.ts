import { Check, Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../database/columns/timestamp-columns';
import { ForeignKey } from '../../database/columns/foreign-key';
import { StudentOwnedRow } from '../../students/entities/student-owned-row';
import { User } from '../../users/entities/user.entity';
import { Prediction } from '../../predictions/entities/prediction.entity';
import { AlertRule } from './alert-rule.entity';

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

/** An early warning about a student, worked through open → acknowledged → resolved. */
@Entity({ name: 'alerts' })
@Check('alerts_status_check', `"status" IN ('open', 'acknowledged', 'resolved')`)
@Check('alerts_severity_check', `"severity" IN ('low', 'medium', 'high')`)
@Index('alerts_student_created_idx', ['studentProfileId', 'createdAt'])
@Index('alerts_status_created_idx', ['status', 'createdAt'])
// At most one unresolved alert per student and rule: rule evaluation inserts ON CONFLICT DO NOTHING.
@Index('alerts_open_rule_key', ['studentProfileId', 'ruleId'], {
  unique: true,
  where: `"status" <> 'resolved'`,
})
export class Alert extends StudentOwnedRow('alerts') {
  @Index('alerts_prediction_id_idx')
  @Column({ type: 'uuid', nullable: true })
  predictionId!: string | null;

  @ForeignKey(() => Prediction, 'alerts', 'prediction_id', 'SET NULL')
  prediction?: Prediction | null;

  @Index('alerts_rule_id_idx')
  @Column({ type: 'uuid', nullable: true })
  ruleId!: string | null;

  @ForeignKey(() => AlertRule, 'alerts', 'rule_id', 'SET NULL')
  rule?: AlertRule | null;

  @Column({ type: 'varchar', length: 50 })
  type!: string;

  @Index('alerts_severity_idx')
  @Column({ type: 'varchar', length: 10 })
  severity!: 'low' | 'medium' | 'high';

  @Column({ type: 'varchar', length: 20, default: 'open' })
  status!: AlertStatus;

  @Column({ type: 'text' })
  message!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Index('alerts_updated_by_idx')
  @Column({ type: 'uuid', nullable: true })
  updatedBy!: string | null;

  @ForeignKey(() => User, 'alerts', 'updated_by', 'SET NULL')
  updater?: User | null;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
