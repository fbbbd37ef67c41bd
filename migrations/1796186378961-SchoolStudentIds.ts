import { MigrationInterface, QueryRunner } from 'typeorm';

const CHECK = 'student_profiles_student_id_check';
const GENERATED = '^STU[0-9]{4,}$';

/**
 * student_id becomes the school's own identifier (`2024-0012`, `S12345`): 1 to 32 letters,
 * digits, `-`, `_` or `.`, unique whatever the case. Existing ids (all `STU0001` style) are
 * kept as they are:
 * - the column widens from 20 to 32 characters and the CHECK accepts the new ids;
 * - a unique index on lower(student_id) makes `S12345` and `s12345` one id, and serves the
 *   lookup of a student by id whatever the case;
 * - the list's id order index becomes (length of a `STU`-numbered id, else 0; id): generated ids
 *   by number, the school's ids in text order before them (it was (length, id), which sorted
 *   the school's ids by length first).
 *
 * Down refuses while any id is not `STU0001` style (or is longer than 20): converting them would
 * change the school's ids, and deleting the students would lose them. Change or remove those
 * students first (the error says how many); nothing is changed.
 */
export class SchoolStudentIds1796186378961 implements MigrationInterface {
  name = 'SchoolStudentIds1796186378961';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "student_profiles" ALTER COLUMN "student_id" TYPE character varying(32)',
    );
    await queryRunner.query(`ALTER TABLE "student_profiles" DROP CONSTRAINT "${CHECK}"`);
    await queryRunner.query(
      `ALTER TABLE "student_profiles" ADD CONSTRAINT "${CHECK}" CHECK ("student_id" ~ '^[A-Za-z0-9._-]{1,32}$')`,
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "student_profiles_student_id_lower_key" ON "student_profiles" (lower("student_id"))',
    );
    await queryRunner.query('DROP INDEX "public"."student_profiles_student_number_idx"');
    await queryRunner.query(
      `CREATE INDEX "student_profiles_student_id_order_idx" ON "student_profiles" ((CASE WHEN "student_id" ~ '^STU[0-9]+$' THEN length("student_id") ELSE 0 END), "student_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const [{ count }] = (await queryRunner.query(
      `SELECT count(*)::int AS count FROM "student_profiles" WHERE "student_id" !~ '${GENERATED}' OR length("student_id") > 20`,
    )) as { count: number }[];
    if (count > 0) {
      throw new Error(
        `Cannot revert SchoolStudentIds: ${count} student(s) have an id that is not STU0001 style (STU and at least four digits, at most 20 characters), which the older schema refuses. Change or remove them first; nothing was changed.`,
      );
    }
    await queryRunner.query('DROP INDEX "public"."student_profiles_student_id_order_idx"');
    await queryRunner.query(
      'CREATE INDEX "student_profiles_student_number_idx" ON "student_profiles" ((length("student_id")), "student_id")',
    );
    await queryRunner.query('DROP INDEX "public"."student_profiles_student_id_lower_key"');
    await queryRunner.query(`ALTER TABLE "student_profiles" DROP CONSTRAINT "${CHECK}"`);
    await queryRunner.query(
      `ALTER TABLE "student_profiles" ADD CONSTRAINT "${CHECK}" CHECK ("student_id" ~ '${GENERATED}')`,
    );
    await queryRunner.query(
      'ALTER TABLE "student_profiles" ALTER COLUMN "student_id" TYPE character varying(20)',
    );
  }
}
