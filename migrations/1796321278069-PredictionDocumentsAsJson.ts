import { MigrationInterface, QueryRunner } from 'typeorm';

/** The two documents of every prediction: its top factors and the factors it was made from. */
const DOCUMENTS = ['top_factors', 'input_snapshot'] as const;

/**
 * Stores the two documents of `predictions` as `json` instead of `jsonb`, keeping every row
 * (the column type changes in place; the table is rewritten once). `json` only checks the text
 * it is given, where `jsonb` converts it to its binary form: a batch of 10,000 predictions
 * stores 20,000 documents, and that conversion was about a fifth of its COPY's database time.
 * Nothing reads inside them but `->>` on one prediction's factors, which `json` has too.
 * Down converts them back to `jsonb` (keys in jsonb's order, duplicates dropped, as before).
 */
export class PredictionDocumentsAsJson1796321278069 implements MigrationInterface {
  name = 'PredictionDocumentsAsJson1796321278069';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.retype(queryRunner, 'json');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await this.retype(queryRunner, 'jsonb');
  }

  private async retype(queryRunner: QueryRunner, type: 'json' | 'jsonb'): Promise<void> {
    const changes = DOCUMENTS.map((c) => `ALTER COLUMN "${c}" TYPE ${type} USING "${c}"::${type}`);
    await queryRunner.query(`ALTER TABLE "predictions" ${changes.join(', ')}`);
  }
}
