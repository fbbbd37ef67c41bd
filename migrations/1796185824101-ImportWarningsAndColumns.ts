import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Import reports list their warnings (ignored columns, likely duplicates; the first ones and
 * a count, as for problems) and the file's columns: used, ignored and missing. Reports stored
 * before have no warnings and unknown columns (null).
 */
export class ImportWarningsAndColumns1796185824101 implements MigrationInterface {
  name = 'ImportWarningsAndColumns1796185824101';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "data_imports" ADD "warning_count" integer NOT NULL DEFAULT '0', ADD "warnings" jsonb NOT NULL DEFAULT '[]'::jsonb, ADD "columns" jsonb`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "data_imports" DROP COLUMN "columns", DROP COLUMN "warnings", DROP COLUMN "warning_count"',
    );
  }
}
