import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports as background jobs: a report is stored `queued` when the job is accepted and
 * `running` while it works, with its phase and progress, when it started and when its server
 * last wrote progress (a job whose server died is recognised by that time going stale), and
 * the earlier import it replayed, if any.
 */
export class ImportJobs1796185649069 implements MigrationInterface {
  name = 'ImportJobs1796185649069';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "data_imports" DROP CONSTRAINT "data_imports_status_check"',
    );
    await queryRunner.query(
      `ALTER TABLE "data_imports" ADD CONSTRAINT "data_imports_status_check" CHECK ("status" IN ('queued', 'running', 'completed', 'rejected', 'failed'))`,
    );
    await queryRunner.query(
      'ALTER TABLE "data_imports" ADD "phase" character varying(10), ADD "bytes_read" bigint, ADD "rows_read" integer, ADD "phase_done" bigint, ADD "phase_total" bigint, ADD "started_at" TIMESTAMP WITH TIME ZONE, ADD "updated_at" TIMESTAMP WITH TIME ZONE, ADD "replay_of" uuid',
    );
    await queryRunner.query(
      `ALTER TABLE "data_imports" ADD CONSTRAINT "data_imports_phase_check" CHECK ("phase" IN ('read', 'check', 'load', 'merge'))`,
    );
    await queryRunner.query(
      `CREATE INDEX "data_imports_active_idx" ON "data_imports" ("updated_at") WHERE "status" IN ('queued', 'running')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Jobs not finished have no meaning without their columns: they end as failed.
    await queryRunner.query(
      `UPDATE "data_imports" SET "status" = 'failed', "idempotency_key" = NULL, "completed_at" = now() WHERE "status" IN ('queued', 'running')`,
    );
    await queryRunner.query('DROP INDEX "public"."data_imports_active_idx"');
    await queryRunner.query(
      'ALTER TABLE "data_imports" DROP CONSTRAINT "data_imports_phase_check"',
    );
    await queryRunner.query(
      'ALTER TABLE "data_imports" DROP COLUMN "replay_of", DROP COLUMN "updated_at", DROP COLUMN "started_at", DROP COLUMN "phase_total", DROP COLUMN "phase_done", DROP COLUMN "rows_read", DROP COLUMN "bytes_read", DROP COLUMN "phase"',
    );
    await queryRunner.query(
      'ALTER TABLE "data_imports" DROP CONSTRAINT "data_imports_status_check"',
    );
    await queryRunner.query(
      `ALTER TABLE "data_imports" ADD CONSTRAINT "data_imports_status_check" CHECK ("status" IN ('completed', 'rejected', 'failed'))`,
    );
  }
}
