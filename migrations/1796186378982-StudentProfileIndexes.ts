import { MigrationInterface, QueryRunner } from 'typeorm';

/** Indexes no query benefits from on 100,000 students: name and column. */
const DROPPED: readonly (readonly [string, string])[] = [
  // Categories (2 to 4 values): a filter on one matches a quarter to half of the students, where
  // a scan is as fast as the index; the list's page comes from the id order index anyway.
  ['student_profiles_gender_idx', 'gender'],
  ['student_profiles_parental_involvement_idx', 'parental_involvement'],
  ['student_profiles_access_to_resources_idx', 'access_to_resources'],
  ['student_profiles_motivation_level_idx', 'motivation_level'],
  ['student_profiles_family_income_idx', 'family_income'],
  ['student_profiles_teacher_quality_idx', 'teacher_quality'],
  ['student_profiles_school_type_idx', 'school_type'],
  ['student_profiles_peer_influence_idx', 'peer_influence'],
  ['student_profiles_parental_education_level_idx', 'parental_education_level'],
  ['student_profiles_distance_from_home_idx', 'distance_from_home'],
  // sort=created_at: the students of one import share their created_at, so the index still
  // leaves the whole tie to sort (the planner scans instead).
  ['student_profiles_created_at_idx', 'created_at'],
];

/**
 * The student_profiles index set, each index kept for a query that needs it (see the entity),
 * so an import maintains 12 indexes instead of 22:
 * - the eleven indexes in DROPPED go;
 * - the index on email becomes one on lower(email), the expression the account linker looks
 *   profiles up by (no query compared the plain email).
 * Down puts the dropped indexes back and the plain email index instead of lower(email).
 */
export class StudentProfileIndexes1796186378982 implements MigrationInterface {
  name = 'StudentProfileIndexes1796186378982';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of DROPPED) await queryRunner.query(`DROP INDEX "public"."${name}"`);
    await queryRunner.query('DROP INDEX "public"."student_profiles_email_idx"');
    await queryRunner.query(
      'CREATE INDEX "student_profiles_email_lower_idx" ON "student_profiles" (lower("email"))',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."student_profiles_email_lower_idx"');
    await queryRunner.query(
      'CREATE INDEX "student_profiles_email_idx" ON "student_profiles" ("email")',
    );
    for (const [name, column] of DROPPED) {
      await queryRunner.query(`CREATE INDEX "${name}" ON "student_profiles" ("${column}")`);
    }
  }
}
