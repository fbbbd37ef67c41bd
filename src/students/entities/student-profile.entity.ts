import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '../../database/columns/timestamp-columns';
import { ForeignKey } from '../../database/columns/foreign-key';
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
import { STUDENT_ID_MAX_LENGTH, STUDENT_ID_SQL_PATTERN } from '../student-id';
import { FactorChecks } from './factor-checks';

/**
 * A student: identity plus the 19 factors of the data set and the (possibly unknown) exam score.
 *
 * Every index names the query it serves; a factor that is only filtered on (the categories, with
 * 2 to 4 values each) has none, since a filter on it matches too many rows for an index to beat
 * a scan (see the StudentProfileIndexes migration). docs/student-profile-indexes.md lists each
 * index with the query it serves, timed with and without it on 100,000 students.
 */
@Entity({ name: 'student_profiles' })
@Check('student_profiles_student_id_check', `"student_id" ~ '${STUDENT_ID_SQL_PATTERN}'`)
@Check(
  'student_profiles_age_check',
  `"age" IS NULL OR "age" BETWEEN ${AGE_RANGE.min} AND ${AGE_RANGE.max}`,
)
@FactorChecks()
@Check(
  'student_profiles_exam_score_check',
  `"exam_score" IS NULL OR "exam_score" BETWEEN ${EXAM_SCORE.min} AND ${EXAM_SCORE.max}`,
)
// The list sorted by last_name (sort=last_name, -last_name).
@Index('student_profiles_name_idx', ['lastName', 'firstName'])
// Expression indexes, created by migrations (SchoolStudentIds, StudentIdsAndSearch,
// StudentProfileIndexes):
// - lower(student_id), unique: ids are unique whatever the case, and one profile by its id
//   (GET /api/students/{id} and every route that names a student) is found whatever the case;
// - the list's default order (sort=student_id, and the export's): STU ids by number, the
//   school's own ids in text order before them (see student-sort.ts);
// - trigrams of "first last id" for the list's search (search=);
// - lower(email): the account linker's match of a student account to its profile by email.
@Index('student_profiles_student_id_lower_key', { synchronize: false })
@Index('student_profiles_student_id_order_idx', { synchronize: false })
@Index('student_profiles_search_trgm_idx', { synchronize: false })
@Index('student_profiles_email_lower_idx', { synchronize: false })
export class StudentProfile {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /**
   * The school's own id (`2024-0012`, `S12345`) or a generated `STU0001`. The exact-case unique
   * index serves the joins and lookups that already have the stored spelling (imports, account
   * links) and ON CONFLICT (student_id); ids a caller names (routes, batch predictions, the
   * alerts filter) are matched whatever the case, on lower(student_id).
   */
  @Index('student_profiles_student_id_key', { unique: true })
  @Column({ type: 'varchar', length: STUDENT_ID_MAX_LENGTH })
  studentId!: string;

  // One profile per account; the profile of the signed-in student (GET /api/students/me).
  @Index('student_profiles_user_id_key', { unique: true })
  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  @ForeignKey(() => User, 'student_profiles', 'user_id', 'SET NULL')
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

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ type: 'smallint', nullable: true })
  age!: number | null;

  @Column({ type: 'varchar', length: 10 })
  gender!: Gender;

  // The list sorted by this column (sort=hours_studied): a page without sorting all students.
  @Index('student_profiles_hours_studied_idx')
  @Column({ type: 'double precision' })
  hoursStudied!: number;

  // The list sorted by this column (sort=attendance): a page without sorting all students.
  @Index('student_profiles_attendance_idx')
  @Column({ type: 'double precision' })
  attendance!: number;

  @Column({ type: 'varchar', length: 10 })
  parentalInvolvement!: Level;

  @Column({ type: 'varchar', length: 10 })
  accessToResources!: Level;

  @Column({ type: 'boolean' })
  extracurricularActivities!: boolean;

  @Column({ type: 'double precision' })
  sleepHours!: number;

  // The list sorted by this column (sort=previous_scores): a page without sorting all students.
  @Index('student_profiles_previous_scores_idx')
  @Column({ type: 'double precision' })
  previousScores!: number;

  @Column({ type: 'varchar', length: 10 })
  motivationLevel!: Level;

  @Column({ type: 'boolean' })
  internetAccess!: boolean;

  @Column({ type: 'integer' })
  tutoringSessions!: number;

  @Column({ type: 'varchar', length: 10 })
  familyIncome!: Level;

  @Column({ type: 'varchar', length: 10, nullable: true })
  teacherQuality!: Level | null;

  @Column({ type: 'varchar', length: 10 })
  schoolType!: SchoolType;

  @Column({ type: 'varchar', length: 10 })
  peerInfluence!: PeerInfluence;

  @Column({ type: 'double precision' })
  physicalActivity!: number;

  @Column({ type: 'boolean' })
  learningDisabilities!: boolean;

  @Column({ type: 'varchar', length: 20, nullable: true })
  parentalEducationLevel!: ParentalEducationLevel | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  distanceFromHome!: DistanceFromHome | null;

  // The list sorted by this column (sort=exam_score): a page without sorting all students.
  @Index('student_profiles_exam_score_idx')
  @Column({ type: 'double precision', nullable: true })
  examScore!: number | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
