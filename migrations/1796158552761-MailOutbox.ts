import { MigrationInterface, QueryRunner } from 'typeorm';

export class MailOutbox1796158552761 implements MigrationInterface {
  name = 'MailOutbox1796158552761';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "mail_outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(30) NOT NULL, "recipient" character varying(254) NOT NULL, "subject" character varying(300) NOT NULL, "text" text, "html" text, "payload" jsonb, "dedupe_key" character varying(200), "status" character varying(10) NOT NULL DEFAULT \'pending\', "attempts" integer NOT NULL DEFAULT \'0\', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "claim_id" uuid, "locked_until" TIMESTAMP WITH TIME ZONE, "last_error" character varying(1000), "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "mail_outbox_kind_check" CHECK ("kind" IN (\'email_verification\', \'password_reset\', \'password_changed\', \'new_sign_in\', \'alert\')), CONSTRAINT "mail_outbox_status_check" CHECK ("status" IN (\'pending\', \'sending\', \'sent\', \'failed\')), CONSTRAINT "PK_fecc63c96385bc35a39ccf2a72e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "mail_outbox_dedupe_key_key" ON "mail_outbox" ("dedupe_key") ',
    );
    await queryRunner.query(
      'CREATE INDEX "mail_outbox_status_created_idx" ON "mail_outbox" ("status", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "mail_outbox_lease_idx" ON "mail_outbox" ("locked_until") WHERE "status" = \'sending\'',
    );
    await queryRunner.query(
      'CREATE INDEX "mail_outbox_due_idx" ON "mail_outbox" ("next_attempt_at") WHERE "status" = \'pending\'',
    );
    await queryRunner.query(
      'ALTER TABLE "users" ADD "alert_email_preference" character varying(10)',
    );
    await queryRunner.query(
      'ALTER TABLE "users" ADD CONSTRAINT "users_alert_email_preference_check" CHECK ("alert_email_preference" IN (\'off\', \'high\', \'all\'))',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE "users" DROP CONSTRAINT "users_alert_email_preference_check"',
    );
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "alert_email_preference"');
    await queryRunner.query('DROP INDEX "public"."mail_outbox_due_idx"');
    await queryRunner.query('DROP INDEX "public"."mail_outbox_lease_idx"');
    await queryRunner.query('DROP INDEX "public"."mail_outbox_status_created_idx"');
    await queryRunner.query('DROP INDEX "public"."mail_outbox_dedupe_key_key"');
    await queryRunner.query('DROP TABLE "mail_outbox"');
  }
}
