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
import { StudentProfile } from '../../students/entities/student-profile.entity';
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
export class Alert {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  studentProfileId!: string;

  @ManyToOne(() => StudentProfile, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'student_profile_id',
    foreignKeyConstraintName: 'alerts_student_profile_id_fkey',
  })
  studentProfile?: StudentProfile;

  @Index('alerts_prediction_id_idx')
  @Column({ type: 'uuid', nullable: true })
  predictionId!: string | null;

  @ManyToOne(() => Prediction, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'prediction_id', foreignKeyConstraintName: 'alerts_prediction_id_fkey' })
  prediction?: Prediction | null;

  @Index('alerts_rule_id_idx')
  @Column({ type: 'uuid', nullable: true })
  ruleId!: string | null;

  @ManyToOne(() => AlertRule, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'rule_id', foreignKeyConstraintName: 'alerts_rule_id_fkey' })
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

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'updated_by', foreignKeyConstraintName: 'alerts_updated_by_fkey' })
  updater?: User | null;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
