import { Check, Column, Entity, Index } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../database/columns/timestamp-columns';
import { ForeignKey } from '../../database/columns/foreign-key';
import { StudentOwnedRow } from '../../students/entities/student-owned-row';
import { User } from '../../users/entities/user.entity';
import { Alert } from './alert.entity';

/** Something staff do for a student (tutoring plan, meeting with parents...), and its outcome. */
@Entity({ name: 'interventions' })
@Check(
  'interventions_status_check',
  `"status" IN ('planned', 'in_progress', 'completed', 'cancelled')`,
)
@Index('interventions_student_created_idx', ['studentProfileId', 'createdAt'])
export class Intervention extends StudentOwnedRow('interventions') {
  @Index('interventions_alert_id_idx')
  @Column({ type: 'uuid', nullable: true })
  alertId!: string | null;

  @ForeignKey(() => Alert, 'interventions', 'alert_id', 'SET NULL')
  alert?: Alert | null;

  @Column({ type: 'varchar', length: 50 })
  type!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'varchar', length: 20, default: 'planned' })
  status!: 'planned' | 'in_progress' | 'completed' | 'cancelled';

  @Column({ type: 'date', nullable: true })
  dueDate!: string | null;

  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Index('interventions_created_by_idx')
  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ForeignKey(() => User, 'interventions', 'created_by', 'SET NULL')
  creator?: User | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
