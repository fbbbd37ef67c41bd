import { MigrationInterface, QueryRunner } from 'typeorm';

export class OpenAlertPerRule1795609750990 implements MigrationInterface {
  name = 'OpenAlertPerRule1795609750990';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE UNIQUE INDEX "alerts_open_rule_key" ON "alerts" ("student_profile_id", "rule_id") WHERE "status" <> \'resolved\'',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."alerts_open_rule_key"');
  }
}
