import { MigrationInterface, QueryRunner } from 'typeorm';

const CONSTRAINT = 'student_profiles_gender_check';
const LEARNT = `'Male', 'Female'`;

/**
 * Gender accepts Non-binary and Not stated next to the data set's Male and Female (both new
 * values are exactly 10 characters, the column's length). The CHECK is replaced; no row changes.
 *
 * Down refuses while any student has one of the new values: mapping them to Male or Female
 * would record a gender the student does not have, and deleting them would lose the students.
 * Change or remove those students first (the error says how many), then revert.
 */
export class InclusiveGender1796185772751 implements MigrationInterface {
  name = 'InclusiveGender1796185772751';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.replace(queryRunner, `${LEARNT}, 'Non-binary', 'Not stated'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const [{ count }] = (await queryRunner.query(
      `SELECT count(*)::int AS count FROM "student_profiles" WHERE "gender" NOT IN (${LEARNT})`,
    )) as { count: number }[];
    if (count > 0) {
      throw new Error(
        `Cannot revert InclusiveGender: ${count} student(s) have a gender other than Male or Female (Non-binary, Not stated), which the older schema refuses. Change or remove them first; nothing was changed.`,
      );
    }
    await this.replace(queryRunner, LEARNT);
  }

  private async replace(queryRunner: QueryRunner, values: string): Promise<void> {
    await queryRunner.query(`ALTER TABLE "student_profiles" DROP CONSTRAINT "${CONSTRAINT}"`);
    await queryRunner.query(
      `ALTER TABLE "student_profiles" ADD CONSTRAINT "${CONSTRAINT}" CHECK ("gender" IN (${values}))`,
    );
  }
}
