import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes of `predictions` no query uses: name and column. A batch of 10,000 predictions
 * maintains every index of every row it stores.
 * - risk_level: the analytics filter on the risk level of each student's latest prediction,
 *   which comes from predictions_student_date_idx; no query filters the table itself by it (and
 *   with three values a filter on one would match a third of the rows).
 * - model_version: no query looks predictions up by the model that made them (the history
 *   reads them by student, the model registry does not read them).
 */
const DROPPED: readonly (readonly [string, string])[] = [
  ['predictions_risk_level_idx', 'risk_level'],
  ['predictions_model_version_idx', 'model_version'],
];

/**
 * The predictions index set, each index kept for a query that needs it (see the entity): the
 * primary key, (student_profile_id, prediction_date) for the history and the latest prediction
 * of each student, and requested_by for the deletion of a user (ON DELETE SET NULL). Down puts
 * the dropped indexes back.
 */
export class PredictionIndexes1796235655209 implements MigrationInterface {
  name = 'PredictionIndexes1796235655209';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of DROPPED) await queryRunner.query(`DROP INDEX "public"."${name}"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name, column] of DROPPED) {
      await queryRunner.query(`CREATE INDEX "${name}" ON "predictions" ("${column}")`);
    }
  }
}
