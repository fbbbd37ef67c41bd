import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The CHECK constraints of student_profiles now come from the factor catalogue, which lists
 * each value set in the model's encoding order. Only peer_influence's list was written in
 * another order (Positive, Neutral, Negative); it allows the same values either way, and is
 * rewritten so the database states what the entity states.
 */
export class FactorCatalogueChecks1796173259002 implements MigrationInterface {
  name = 'FactorCatalogueChecks1796173259002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.replace(queryRunner, `'Negative', 'Neutral', 'Positive'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await this.replace(queryRunner, `'Positive', 'Neutral', 'Negative'`);
  }

  private async replace(queryRunner: QueryRunner, values: string): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "student_profiles" DROP CONSTRAINT "student_profiles_peer_influence_check"',
    );
    await queryRunner.query(
      `ALTER TABLE "student_profiles" ADD CONSTRAINT "student_profiles_peer_influence_check" CHECK ("peer_influence" IN (${values}))`,
    );
  }
}
