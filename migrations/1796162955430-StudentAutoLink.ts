import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `student_profiles.auto_link`: false once an administrator has unlinked an account from the
 * profile, so automatic linking by email (at login, verification, account creation) leaves it
 * alone. Profiles an administrator unlinked before (per the audit log) start false.
 */
export class StudentAutoLink1796162955430 implements MigrationInterface {
  name = 'StudentAutoLink1796162955430';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "student_profiles" ADD "auto_link" boolean NOT NULL DEFAULT true',
    );
    await queryRunner.query(
      `UPDATE "student_profiles" p SET "auto_link" = false
        WHERE EXISTS (SELECT 1 FROM "audit_logs" a
                       WHERE a."action" = 'student.user_unlinked' AND a."target_type" = 'student'
                         AND a."target_id" = p."student_id")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "student_profiles" DROP COLUMN "auto_link"');
  }
}
