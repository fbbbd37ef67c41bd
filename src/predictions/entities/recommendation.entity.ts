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
import { StudentProfile } from '../../students/entities/student-profile.entity';
import { Prediction } from './prediction.entity';

/** A change to an actionable factor, with the model's expected gain. */
@Entity({ name: 'recommendations' })
@Check(
  'recommendations_status_check',
  `"status" IN ('active', 'dismissed', 'completed', 'superseded')`,
)
@Index('recommendations_student_created_idx', ['studentProfileId', 'createdAt'])
export class Recommendation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  studentProfileId!: string;

  @ManyToOne(() => StudentProfile, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'student_profile_id',
    foreignKeyConstraintName: 'recommendations_student_profile_id_fkey',
  })
  studentProfile?: StudentProfile;

  @Index('recommendations_prediction_id_idx')
  @Column({ type: 'uuid', nullable: true })
  predictionId!: string | null;

  @ManyToOne(() => Prediction, { onDelete: 'SET NULL' })
  @JoinColumn({
    name: 'prediction_id',
    foreignKeyConstraintName: 'recommendations_prediction_id_fkey',
  })
  prediction?: Prediction | null;

  @Column({ type: 'varchar', length: 50 })
  factor!: string;

  @Column({ type: 'jsonb' })
  currentValue!: unknown;

  @Column({ type: 'jsonb' })
  suggestedValue!: unknown;

  @Column({ type: 'double precision' })
  expectedGain!: number;

  @Column({ type: 'text' })
  message!: string;

  @Column({ type: 'smallint', default: 0 })
  priority!: number;

  @Index('recommendations_status_idx')
  @Column({ type: 'varchar', length: 20, default: 'active' })
  status!: 'active' | 'dismissed' | 'completed' | 'superseded';

  @Column({ type: 'varchar', length: 100 })
  modelVersion!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
