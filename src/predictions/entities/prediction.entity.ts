import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '../../users/entities/user.entity';
import { StudentProfile } from '../../students/entities/student-profile.entity';

export type RiskLevel = 'low' | 'medium' | 'high';

/** A stored prediction, with the model version and the factors it was made from. */
@Entity({ name: 'predictions' })
@Check('predictions_risk_level_check', `"risk_level" IN ('low', 'medium', 'high')`)
@Check('predictions_confidence_level_check', `"confidence_level" BETWEEN 0 AND 1`)
@Check('predictions_interval_check', `"interval_lower" <= "interval_upper"`)
@Index('predictions_student_date_idx', ['studentProfileId', 'predictionDate'])
export class Prediction {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  studentProfileId!: string;

  @ManyToOne(() => StudentProfile, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'student_profile_id',
    foreignKeyConstraintName: 'predictions_student_profile_id_fkey',
  })
  studentProfile?: StudentProfile;

  @Index('predictions_model_version_idx')
  @Column({ type: 'varchar', length: 100 })
  modelVersion!: string;

  @Column({ type: 'double precision' })
  predictedScore!: number;

  @Column({ type: 'double precision' })
  confidenceLevel!: number;

  @Column({ type: 'double precision' })
  intervalLower!: number;

  @Column({ type: 'double precision' })
  intervalUpper!: number;

  @Column({ type: 'double precision' })
  intervalLevel!: number;

  @Index('predictions_risk_level_idx')
  @Column({ type: 'varchar', length: 10 })
  riskLevel!: RiskLevel;

  @Column({ type: 'jsonb' })
  topFactors!: { feature: string; value: unknown; contribution: number }[];

  /** The 19 factors as they were when the prediction was made. */
  @Column({ type: 'jsonb' })
  inputSnapshot!: Record<string, unknown>;

  @Index('predictions_requested_by_idx')
  @Column({ type: 'uuid', nullable: true })
  requestedBy!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'requested_by', foreignKeyConstraintName: 'predictions_requested_by_fkey' })
  requester?: User | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  predictionDate!: Date;
}
