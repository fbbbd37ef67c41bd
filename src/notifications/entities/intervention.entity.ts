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
import { Alert } from './alert.entity';

/** Something staff do for a student (tutoring plan, meeting with parents...), and its outcome. */
@Entity({ name: 'interventions' })
@Check(
  'interventions_status_check',
  `"status" IN ('planned', 'in_progress', 'completed', 'cancelled')`,
)
@Index('interventions_student_created_idx', ['studentProfileId', 'createdAt'])
export class Intervention {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  studentProfileId!: string;

  @ManyToOne(() => StudentProfile, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'student_profile_id',
    foreignKeyConstraintName: 'interventions_student_profile_id_fkey',
  })
  studentProfile?: StudentProfile;

  @Index('interventions_alert_id_idx')
  @Column({ type: 'uuid', nullable: true })
  alertId!: string | null;

  @ManyToOne(() => Alert, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'interventions_alert_id_fkey' })
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

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'interventions_created_by_fkey' })
  creator?: User | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
