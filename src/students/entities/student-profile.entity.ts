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
import {
  AGE_RANGE,
  type DistanceFromHome,
  EXAM_SCORE,
  type Gender,
  type Level,
  type ParentalEducationLevel,
  type PeerInfluence,
  type SchoolType,
} from '../factor-catalogue';
import { FactorChecks } from './factor-checks';

/** A student: identity plus the 19 factors of the data set and the (possibly unknown) exam score. */
@Entity({ name: 'student_profiles' })
@Check('student_profiles_student_id_check', `"student_id" ~ '^STU[0-9]{4,}$'`)
@Check(
  'student_profiles_age_check',
  `"age" IS NULL OR "age" BETWEEN ${AGE_RANGE.min} AND ${AGE_RANGE.max}`,
)
@FactorChecks()
@Check(
  'student_profiles_exam_score_check',
  `"exam_score" IS NULL OR "exam_score" BETWEEN ${EXAM_SCORE.min} AND ${EXAM_SCORE.max}`,
)
@Index('student_profiles_name_idx', ['lastName', 'firstName'])
// Expression indexes, created by the StudentIdsAndSearch migration: ids in numeric order, and
// trigrams of "first last id" for the list's search.
@Index('student_profiles_student_number_idx', { synchronize: false })
@Index('student_profiles_search_trgm_idx', { synchronize: false })
export class StudentProfile {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('student_profiles_student_id_key', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  studentId!: string;

  @Index('student_profiles_user_id_key', { unique: true })
  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'student_profiles_user_id_fkey' })
  user?: User | null;

  /**
   * Whether a student account with the profile's email may be linked to it automatically (at
   * account creation, email verification or login). False once an administrator has unlinked
   * an account from the profile: from then on only an administrator links it.
   */
  @Column({ type: 'boolean', default: true })
  autoLink!: boolean;

  @Column({ type: 'varchar', length: 100 })
  firstName!: string;

  @Column({ type: 'varchar', length: 100 })
  lastName!: string;

  @Index('student_profiles_email_idx')
  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ type: 'smallint', nullable: true })
  age!: number | null;

  @Index('student_profiles_gender_idx')
  @Column({ type: 'varchar', length: 10 })
  gender!: Gender;

  @Index('student_profiles_hours_studied_idx')
  @Column({ type: 'double precision' })
  hoursStudied!: number;

  @Index('student_profiles_attendance_idx')
  @Column({ type: 'double precision' })
  attendance!: number;

  @Index('student_profiles_parental_involvement_idx')
  @Column({ type: 'varchar', length: 10 })
  parentalInvolvement!: Level;

  @Index('student_profiles_access_to_resources_idx')
  @Column({ type: 'varchar', length: 10 })
  accessToResources!: Level;

  @Column({ type: 'boolean' })
  extracurricularActivities!: boolean;

  @Column({ type: 'double precision' })
  sleepHours!: number;

  @Index('student_profiles_previous_scores_idx')
  @Column({ type: 'double precision' })
  previousScores!: number;

  @Index('student_profiles_motivation_level_idx')
  @Column({ type: 'varchar', length: 10 })
  motivationLevel!: Level;

  @Column({ type: 'boolean' })
  internetAccess!: boolean;

  @Column({ type: 'integer' })
  tutoringSessions!: number;

  @Index('student_profiles_family_income_idx')
  @Column({ type: 'varchar', length: 10 })
  familyIncome!: Level;

  @Index('student_profiles_teacher_quality_idx')
  @Column({ type: 'varchar', length: 10, nullable: true })
  teacherQuality!: Level | null;

  @Index('student_profiles_school_type_idx')
  @Column({ type: 'varchar', length: 10 })
  schoolType!: SchoolType;

  @Index('student_profiles_peer_influence_idx')
  @Column({ type: 'varchar', length: 10 })
  peerInfluence!: PeerInfluence;

  @Column({ type: 'double precision' })
  physicalActivity!: number;

  @Column({ type: 'boolean' })
  learningDisabilities!: boolean;

  @Index('student_profiles_parental_education_level_idx')
  @Column({ type: 'varchar', length: 20, nullable: true })
  parentalEducationLevel!: ParentalEducationLevel | null;

  @Index('student_profiles_distance_from_home_idx')
  @Column({ type: 'varchar', length: 10, nullable: true })
  distanceFromHome!: DistanceFromHome | null;

  @Index('student_profiles_exam_score_idx')
  @Column({ type: 'double precision', nullable: true })
  examScore!: number | null;

  @Index('student_profiles_created_at_idx')
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
