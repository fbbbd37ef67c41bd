import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Student ids and the students list at scale:
 * - the sequence behind generated `STU0001`-style ids (lock-free and never handing out a number
 *   twice), started after the highest numbered id already present;
 * - an index on (length(student_id), student_id), i.e. the ids in numeric order, for the list's
 *   default sort;
 * - a trigram index for the list's substring search over names and ids, when the pg_trgm
 *   extension is available (without it the search still works, by scanning).
 * Both indexes are declared on the entity with `synchronize: false` (expression indexes).
 */
export class StudentIdsAndSearch1795606545272 implements MigrationInterface {
  name = 'StudentIdsAndSearch1795606545272';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE SEQUENCE "student_profiles_student_number_seq" AS bigint MINVALUE 1 START WITH 1',
    );
    await queryRunner.query(
      `SELECT setval('"student_profiles_student_number_seq"', max(substring("student_id" FROM 4)::bigint)) FROM "student_profiles" HAVING count(*) > 0`,
    );
    await queryRunner.query(
      'CREATE INDEX "student_profiles_student_number_idx" ON "student_profiles" ((length("student_id")), "student_id")',
    );
    await queryRunner.query(`
      DO $$
      BEGIN
        BEGIN
          CREATE EXTENSION IF NOT EXISTS pg_trgm;
        EXCEPTION WHEN OTHERS THEN
          RAISE NOTICE 'pg_trgm is not available: the student search will scan instead of using an index';
        END;
        IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
          CREATE INDEX "student_profiles_search_trgm_idx" ON "student_profiles"
            USING gin (("first_name" || ' ' || "last_name" || ' ' || "student_id") gin_trgm_ops);
        END IF;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The pg_trgm extension stays: other objects may have come to use it.
    await queryRunner.query('DROP INDEX IF EXISTS "public"."student_profiles_search_trgm_idx"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_student_number_idx"');
    await queryRunner.query('DROP SEQUENCE "student_profiles_student_number_seq"');
  }
}
