import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Import reports keep the request's `unknown_columns` (ignore or error), so that an
 * Idempotency-Key reused with the other value is refused rather than answered with a report
 * made under different rules. Reports stored before were all taken as `ignore`, the default.
 */
export class ImportUnknownColumnsOption1796320687315 implements MigrationInterface {
  name = 'ImportUnknownColumnsOption1796320687315';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "data_imports" ADD "unknown_columns" character varying(10) NOT NULL DEFAULT 'ignore'`,
    );
    await queryRunner.query(
      `ALTER TABLE "data_imports" ADD CONSTRAINT "data_imports_unknown_columns_check" CHECK ("unknown_columns" IN ('ignore', 'error'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "data_imports" DROP CONSTRAINT "data_imports_unknown_columns_check"',
    );
    await queryRunner.query('ALTER TABLE "data_imports" DROP COLUMN "unknown_columns"');
  }
}
