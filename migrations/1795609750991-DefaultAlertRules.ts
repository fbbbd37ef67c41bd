import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The default alert rules, evaluated whenever a prediction is stored:
 * - `High-risk prediction`: risk level high (rank 3) → a high alert. It takes over the alert
 *   predictions used to open without a rule: such alerts still unresolved are linked to it (the
 *   oldest per student; the partial unique index allows one) and all of them are typed
 *   `risk_level`, like the alerts the rule opens;
 * - `Medium-risk prediction`: risk level medium (rank 2) → a medium alert;
 * - `Low attendance`: attendance below 70 % → a medium alert.
 * Administrators replace the set through `PUT /api/alert-rules`. `down` removes the rules of these
 * names (whatever they have been changed to) and restores the earlier alert type.
 */
export class DefaultAlertRules1795609750991 implements MigrationInterface {
  name = 'DefaultAlertRules1795609750991';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      INSERT INTO "alert_rules" ("name", "metric", "operator", "threshold", "severity", "enabled")
      VALUES ('High-risk prediction', 'risk_level', 'eq', 3, 'high', true),
             ('Medium-risk prediction', 'risk_level', 'eq', 2, 'medium', true),
             ('Low attendance', 'attendance', 'lt', 70, 'medium', true)
      ON CONFLICT ("name") DO NOTHING`);
    await queryRunner.query(`
      UPDATE "alerts" a SET "rule_id" = r."id"
      FROM (
        SELECT DISTINCT ON ("student_profile_id") "id"
        FROM "alerts"
        WHERE "type" = 'high_risk_prediction' AND "rule_id" IS NULL AND "status" <> 'resolved'
        ORDER BY "student_profile_id", "created_at", "id"
      ) legacy, "alert_rules" r
      WHERE a."id" = legacy."id" AND r."name" = 'High-risk prediction'
        AND NOT EXISTS (
          SELECT 1 FROM "alerts" o
          WHERE o."student_profile_id" = a."student_profile_id" AND o."rule_id" = r."id"
            AND o."status" <> 'resolved'
        )`);
    await queryRunner.query(
      `UPDATE "alerts" SET "type" = 'risk_level' WHERE "type" = 'high_risk_prediction'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE "alerts" SET "type" = 'high_risk_prediction', "rule_id" = NULL
      WHERE "type" = 'risk_level' AND "severity" = 'high'
        AND ("rule_id" IS NULL
             OR "rule_id" IN (SELECT "id" FROM "alert_rules" WHERE "name" = 'High-risk prediction'))`);
    await queryRunner.query(`
      DELETE FROM "alert_rules"
      WHERE "name" IN ('High-risk prediction', 'Medium-risk prediction', 'Low attendance')`);
  }
}
