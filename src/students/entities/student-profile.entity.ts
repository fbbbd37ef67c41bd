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
import type {
  DistanceFromHome,
  Gender,
  Level,
  ParentalEducationLevel,
  PeerInfluence,
  SchoolType,
} from '../student-factor-ranges';

/** A student: identity plus the 19 factors of the data set and the (possibly unknown) exam score. */
@Entity({ name: 'student_profiles' })
@Check('student_profiles_student_id_check', `"student_id" ~ '^STU[0-9]{4,}$'`)
@Check('student_profiles_age_check', `"age" IS NULL OR "age" BETWEEN 5 AND 100`)
@Check('student_profiles_gender_check', `"gender" IN ('Male', 'Female')`)
@Check('student_profiles_hours_studied_check', `"hours_studied" BETWEEN 0 AND 60`)
@Check('student_profiles_attendance_check', `"attendance" BETWEEN 0 AND 100`)
@Check(
  'student_profiles_parental_involvement_check',
  `"parental_involvement" IN ('Low', 'Medium', 'High')`,
)
@Check(
  'student_profiles_access_to_resources_check',
  `"access_to_resources" IN ('Low', 'Medium', 'High')`,
)
@Check('student_profiles_motivation_level_check', `"motivation_level" IN ('Low', 'Medium', 'High')`)
@Check('student_profiles_family_income_check', `"family_income" IN ('Low', 'Medium', 'High')`)
@Check(
  'student_profiles_teacher_quality_check',
  `"teacher_quality" IS NULL OR "teacher_quality" IN ('Low', 'Medium', 'High')`,
)
@Check('student_profiles_sleep_hours_check', `"sleep_hours" BETWEEN 0 AND 24`)
@Check('student_profiles_previous_scores_check', `"previous_scores" BETWEEN 0 AND 100`)
@Check('student_profiles_tutoring_sessions_check', `"tutoring_sessions" BETWEEN 0 AND 100`)
@Check('student_profiles_school_type_check', `"school_type" IN ('Public', 'Private')`)
@Check(
  'student_profiles_peer_influence_check',
  `"peer_influence" IN ('Positive', 'Neutral', 'Negative')`,
)
@Check('student_profiles_physical_activity_check', `"physical_activity" BETWEEN 0 AND 100`)
@Check(
  'student_profiles_parental_education_level_check',
  `"parental_education_level" IS NULL OR "parental_education_level" IN ('High School', 'College', 'Postgraduate')`,
)
@Check(
  'student_profiles_distance_from_home_check',
  `"distance_from_home" IS NULL OR "distance_from_home" IN ('Near', 'Moderate', 'Far')`,
)
@Check(
  'student_profiles_exam_score_check',
  `"exam_score" IS NULL OR "exam_score" BETWEEN 0 AND 105`,
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
