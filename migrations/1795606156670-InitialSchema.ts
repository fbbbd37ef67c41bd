import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795606156670 implements MigrationInterface {
  name = 'InitialSchema1795606156670';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "password_hash" character varying(255) NOT NULL, "first_name" character varying(100) NOT NULL, "last_name" character varying(100) NOT NULL, "role" character varying(20) NOT NULL DEFAULT \'student\', "email_verified" boolean NOT NULL DEFAULT false, "email_verified_at" TIMESTAMP WITH TIME ZONE, "is_active" boolean NOT NULL DEFAULT true, "last_login_at" TIMESTAMP WITH TIME ZONE, "password_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "users_email_lower_check" CHECK ("email" = lower("email")), CONSTRAINT "users_role_check" CHECK ("role" IN (\'student\', \'teacher\', \'administrator\')), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "users_email_key" ON "users" ("email") ');
    await queryRunner.query('CREATE INDEX "users_role_idx" ON "users" ("role") ');
    await queryRunner.query('CREATE INDEX "users_created_at_idx" ON "users" ("created_at") ');
    await queryRunner.query(
      'CREATE TABLE "student_profiles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "student_id" character varying(20) NOT NULL, "user_id" uuid, "first_name" character varying(100) NOT NULL, "last_name" character varying(100) NOT NULL, "email" character varying(254), "age" smallint, "gender" character varying(10) NOT NULL, "hours_studied" double precision NOT NULL, "attendance" double precision NOT NULL, "parental_involvement" character varying(10) NOT NULL, "access_to_resources" character varying(10) NOT NULL, "extracurricular_activities" boolean NOT NULL, "sleep_hours" double precision NOT NULL, "previous_scores" double precision NOT NULL, "motivation_level" character varying(10) NOT NULL, "internet_access" boolean NOT NULL, "tutoring_sessions" integer NOT NULL, "family_income" character varying(10) NOT NULL, "teacher_quality" character varying(10), "school_type" character varying(10) NOT NULL, "peer_influence" character varying(10) NOT NULL, "physical_activity" double precision NOT NULL, "learning_disabilities" boolean NOT NULL, "parental_education_level" character varying(20), "distance_from_home" character varying(10), "exam_score" double precision, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "student_profiles_exam_score_check" CHECK ("exam_score" IS NULL OR "exam_score" BETWEEN 0 AND 105), CONSTRAINT "student_profiles_distance_from_home_check" CHECK ("distance_from_home" IS NULL OR "distance_from_home" IN (\'Near\', \'Moderate\', \'Far\')), CONSTRAINT "student_profiles_parental_education_level_check" CHECK ("parental_education_level" IS NULL OR "parental_education_level" IN (\'High School\', \'College\', \'Postgraduate\')), CONSTRAINT "student_profiles_physical_activity_check" CHECK ("physical_activity" BETWEEN 0 AND 100), CONSTRAINT "student_profiles_peer_influence_check" CHECK ("peer_influence" IN (\'Positive\', \'Neutral\', \'Negative\')), CONSTRAINT "student_profiles_school_type_check" CHECK ("school_type" IN (\'Public\', \'Private\')), CONSTRAINT "student_profiles_tutoring_sessions_check" CHECK ("tutoring_sessions" BETWEEN 0 AND 100), CONSTRAINT "student_profiles_previous_scores_check" CHECK ("previous_scores" BETWEEN 0 AND 100), CONSTRAINT "student_profiles_sleep_hours_check" CHECK ("sleep_hours" BETWEEN 0 AND 24), CONSTRAINT "student_profiles_teacher_quality_check" CHECK ("teacher_quality" IS NULL OR "teacher_quality" IN (\'Low\', \'Medium\', \'High\')), CONSTRAINT "student_profiles_family_income_check" CHECK ("family_income" IN (\'Low\', \'Medium\', \'High\')), CONSTRAINT "student_profiles_motivation_level_check" CHECK ("motivation_level" IN (\'Low\', \'Medium\', \'High\')), CONSTRAINT "student_profiles_access_to_resources_check" CHECK ("access_to_resources" IN (\'Low\', \'Medium\', \'High\')), CONSTRAINT "student_profiles_parental_involvement_check" CHECK ("parental_involvement" IN (\'Low\', \'Medium\', \'High\')), CONSTRAINT "student_profiles_attendance_check" CHECK ("attendance" BETWEEN 0 AND 100), CONSTRAINT "student_profiles_hours_studied_check" CHECK ("hours_studied" BETWEEN 0 AND 60), CONSTRAINT "student_profiles_gender_check" CHECK ("gender" IN (\'Male\', \'Female\')), CONSTRAINT "student_profiles_age_check" CHECK ("age" IS NULL OR "age" BETWEEN 5 AND 100), CONSTRAINT "student_profiles_student_id_check" CHECK ("student_id" ~ \'^STU[0-9]{4,}$\'), CONSTRAINT "PK_5ed0a32eeaddfe812fb326177d0" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "student_profiles_student_id_key" ON "student_profiles" ("student_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "student_profiles_user_id_key" ON "student_profiles" ("user_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "student_profiles_email_idx" ON "student_profiles" ("email") ',
    );
    await queryRunner.query(
      'CREATE INDEX "student_profiles_gender_idx" ON "student_profiles" ("gender") ',
    );
    await queryRunner.query(
      'CREATE INDEX "student_profiles_hours_studied_idx" ON "student_profiles" ("hours_studied") ',
    );
    await queryRunner.query(
      'CREATE INDEX "student_profiles_attendance_idx" ON "student_profiles" ("attendance") ',
    );
    await queryRunner.query(
      'CREATE INDEX "student_profiles_parental_involvement_idx" ON "student_profiles" ("parental_involvement") ',
    );
    await queryRunner.query(
      'CREATE INDEX "student_profiles_access_to_resources_idx" ON "student_profiles" ("access_to_resources") ',
    );
    await queryRunner.query(
      'CREATE INDEX "student_profiles_previous_scores_idx" ON "student_profiles" ("previous_scores") ',
    );
    await queryRunner.query(
      'CREATE INDEX "student_profiles_motivation_level_idx" ON "student_profiles" ("motivation_level") ',
    );
    await queryRunner.query(
      'CREATE INDEX "student_profiles_family_income_idx" ON "student_profiles" ("family_income") ',
    );
    await queryRunner.query(
      'CREATE INDEX "student_profiles_teacher_quality_idx" ON "student_profiles" ("teacher_quality") ',
    );
    await queryRunner.query(
      'CREATE INDEX "student_profiles_school_type_idx" ON "student_profiles" ("school_type") ',
    );
    await queryRunner.query(
      'CREATE INDEX "student_profiles_peer_influence_idx" ON "student_profiles" ("peer_influence") ',
    );
    await queryRunner.query(
      'CREATE INDEX "student_profiles_parental_education_level_idx" ON "student_profiles" ("parental_education_level") ',
    );
    await queryRunner.query(
      'CREATE INDEX "student_profiles_distance_from_home_idx" ON "student_profiles" ("distance_from_home") ',
    );
    await queryRunner.query(
      'CREATE INDEX "student_profiles_exam_score_idx" ON "student_profiles" ("exam_score") ',
    );
    await queryRunner.query(
      'CREATE INDEX "student_profiles_created_at_idx" ON "student_profiles" ("created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "student_profiles_name_idx" ON "student_profiles" ("last_name", "first_name") ',
    );
    await queryRunner.query(
      'CREATE TABLE "administrators" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "department" character varying(100), "position" character varying(100), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_aaa48522d99c3b6b33fdea7dc2f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "administrators_user_id_key" ON "administrators" ("user_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "performance_records" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "student_profile_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "term" character varying(50), "exam_score" double precision NOT NULL, "attendance" double precision, "hours_studied" double precision, "previous_scores" double precision, "notes" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "performance_records_previous_scores_check" CHECK ("previous_scores" IS NULL OR "previous_scores" BETWEEN 0 AND 100), CONSTRAINT "performance_records_hours_studied_check" CHECK ("hours_studied" IS NULL OR "hours_studied" BETWEEN 0 AND 60), CONSTRAINT "performance_records_attendance_check" CHECK ("attendance" IS NULL OR "attendance" BETWEEN 0 AND 100), CONSTRAINT "performance_records_exam_score_check" CHECK ("exam_score" BETWEEN 0 AND 105), CONSTRAINT "PK_c6c62ab94fd056e443234fa015f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "performance_records_recorded_at_idx" ON "performance_records" ("recorded_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "performance_records_created_by_idx" ON "performance_records" ("created_by") ',
    );
    await queryRunner.query(
      'CREATE INDEX "performance_records_student_recorded_idx" ON "performance_records" ("student_profile_id", "recorded_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "predictions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "student_profile_id" uuid NOT NULL, "model_version" character varying(100) NOT NULL, "predicted_score" double precision NOT NULL, "confidence_level" double precision NOT NULL, "interval_lower" double precision NOT NULL, "interval_upper" double precision NOT NULL, "interval_level" double precision NOT NULL, "risk_level" character varying(10) NOT NULL, "top_factors" jsonb NOT NULL, "input_snapshot" jsonb NOT NULL, "requested_by" uuid, "prediction_date" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "predictions_interval_check" CHECK ("interval_lower" <= "interval_upper"), CONSTRAINT "predictions_confidence_level_check" CHECK ("confidence_level" BETWEEN 0 AND 1), CONSTRAINT "predictions_risk_level_check" CHECK ("risk_level" IN (\'low\', \'medium\', \'high\')), CONSTRAINT "PK_b92c9e4db595214b289f5e28adc" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "predictions_model_version_idx" ON "predictions" ("model_version") ',
    );
    await queryRunner.query(
      'CREATE INDEX "predictions_risk_level_idx" ON "predictions" ("risk_level") ',
    );
    await queryRunner.query(
      'CREATE INDEX "predictions_requested_by_idx" ON "predictions" ("requested_by") ',
    );
    await queryRunner.query(
      'CREATE INDEX "predictions_student_date_idx" ON "predictions" ("student_profile_id", "prediction_date") ',
    );
    await queryRunner.query(
      'CREATE TABLE "recommendations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "student_profile_id" uuid NOT NULL, "prediction_id" uuid, "factor" character varying(50) NOT NULL, "current_value" jsonb NOT NULL, "suggested_value" jsonb NOT NULL, "expected_gain" double precision NOT NULL, "message" text NOT NULL, "priority" smallint NOT NULL DEFAULT \'0\', "status" character varying(20) NOT NULL DEFAULT \'active\', "model_version" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "recommendations_status_check" CHECK ("status" IN (\'active\', \'dismissed\', \'completed\', \'superseded\')), CONSTRAINT "PK_23a8d2db26db8cabb6ae9d6cd87" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "recommendations_prediction_id_idx" ON "recommendations" ("prediction_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "recommendations_status_idx" ON "recommendations" ("status") ',
    );
    await queryRunner.query(
      'CREATE INDEX "recommendations_student_created_idx" ON "recommendations" ("student_profile_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "model_training_jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" character varying(20) NOT NULL DEFAULT \'queued\', "requested_by" uuid, "force" boolean NOT NULL DEFAULT false, "activate" boolean NOT NULL DEFAULT false, "params" jsonb NOT NULL DEFAULT \'{}\'::jsonb, "model_version" character varying(100), "activated" boolean, "message" text, "progress" double precision NOT NULL DEFAULT \'0\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "model_training_jobs_status_check" CHECK ("status" IN (\'queued\', \'running\', \'succeeded\', \'failed\')), CONSTRAINT "PK_f05a388b235ec61759e6d4915d5" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "model_training_jobs_status_idx" ON "model_training_jobs" ("status") ',
    );
    await queryRunner.query(
      'CREATE INDEX "model_training_jobs_requested_by_idx" ON "model_training_jobs" ("requested_by") ',
    );
    await queryRunner.query(
      'CREATE TABLE "alert_rules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "metric" character varying(30) NOT NULL, "operator" character varying(5) NOT NULL, "threshold" double precision NOT NULL, "severity" character varying(10) NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "updated_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "alert_rules_severity_check" CHECK ("severity" IN (\'low\', \'medium\', \'high\')), CONSTRAINT "alert_rules_operator_check" CHECK ("operator" IN (\'lt\', \'lte\', \'gt\', \'gte\', \'eq\')), CONSTRAINT "alert_rules_metric_check" CHECK ("metric" IN (\'predicted_score\', \'attendance\', \'hours_studied\', \'previous_scores\', \'risk_level\')), CONSTRAINT "PK_ae580564f087ffab9d229225aec" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "alert_rules_name_key" ON "alert_rules" ("name") ',
    );
    await queryRunner.query(
      'CREATE INDEX "alert_rules_updated_by_idx" ON "alert_rules" ("updated_by") ',
    );
    await queryRunner.query(
      'CREATE TABLE "alerts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "student_profile_id" uuid NOT NULL, "prediction_id" uuid, "rule_id" uuid, "type" character varying(50) NOT NULL, "severity" character varying(10) NOT NULL, "status" character varying(20) NOT NULL DEFAULT \'open\', "message" text NOT NULL, "note" text, "updated_by" uuid, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "alerts_severity_check" CHECK ("severity" IN (\'low\', \'medium\', \'high\')), CONSTRAINT "alerts_status_check" CHECK ("status" IN (\'open\', \'acknowledged\', \'resolved\')), CONSTRAINT "PK_60f895662df096bfcdfab7f4b96" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "alerts_prediction_id_idx" ON "alerts" ("prediction_id") ',
    );
    await queryRunner.query('CREATE INDEX "alerts_rule_id_idx" ON "alerts" ("rule_id") ');
    await queryRunner.query('CREATE INDEX "alerts_severity_idx" ON "alerts" ("severity") ');
    await queryRunner.query('CREATE INDEX "alerts_updated_by_idx" ON "alerts" ("updated_by") ');
    await queryRunner.query(
      'CREATE INDEX "alerts_status_created_idx" ON "alerts" ("status", "created_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "alerts_student_created_idx" ON "alerts" ("student_profile_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "interventions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "student_profile_id" uuid NOT NULL, "alert_id" uuid, "type" character varying(50) NOT NULL, "description" text NOT NULL, "status" character varying(20) NOT NULL DEFAULT \'planned\', "due_date" date, "outcome" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "interventions_status_check" CHECK ("status" IN (\'planned\', \'in_progress\', \'completed\', \'cancelled\')), CONSTRAINT "PK_39babe074cbaa90750582bfc38d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "interventions_alert_id_idx" ON "interventions" ("alert_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "interventions_created_by_idx" ON "interventions" ("created_by") ',
    );
    await queryRunner.query(
      'CREATE INDEX "interventions_student_created_idx" ON "interventions" ("student_profile_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "teachers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "department" character varying(100), "specialization" character varying(100), "employee_number" character varying(50), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a8d4f83be3abe4c687b0a0093c8" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "teachers_user_id_key" ON "teachers" ("user_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "models" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "version" character varying(100) NOT NULL, "algorithm" character varying(50) NOT NULL DEFAULT \'random_forest\', "status" character varying(20) NOT NULL DEFAULT \'ready\', "is_active" boolean NOT NULL DEFAULT false, "metrics" jsonb NOT NULL, "card" jsonb NOT NULL, "file_hash" character varying(64) NOT NULL, "onnx" bytea NOT NULL, "training_rows" integer NOT NULL, "trained_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "activated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "models_status_check" CHECK ("status" IN (\'ready\', \'retired\')), CONSTRAINT "PK_ef9ed7160ea69013636466bf2d5" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "models_version_key" ON "models" ("version") ');
    await queryRunner.query('CREATE INDEX "models_trained_by_idx" ON "models" ("trained_by") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "models_one_active_idx" ON "models" ("is_active") WHERE "is_active"',
    );
    await queryRunner.query(
      'CREATE TABLE "data_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_by" uuid, "file_name" character varying(255) NOT NULL, "file_hash" character varying(64) NOT NULL, "file_size" bigint NOT NULL, "idempotency_key" character varying(255), "mode" character varying(10) NOT NULL, "dry_run" boolean NOT NULL DEFAULT false, "status" character varying(20) NOT NULL, "rows_total" integer NOT NULL DEFAULT \'0\', "inserted" integer NOT NULL DEFAULT \'0\', "updated" integer NOT NULL DEFAULT \'0\', "skipped" integer NOT NULL DEFAULT \'0\', "error_count" integer NOT NULL DEFAULT \'0\', "errors" jsonb NOT NULL DEFAULT \'[]\'::jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "data_imports_status_check" CHECK ("status" IN (\'completed\', \'rejected\', \'failed\')), CONSTRAINT "data_imports_mode_check" CHECK ("mode" IN (\'atomic\', \'partial\')), CONSTRAINT "PK_170aea53191b5c89deebf7dec39" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "data_imports_created_by_idx" ON "data_imports" ("created_by") ',
    );
    await queryRunner.query(
      'CREATE INDEX "data_imports_file_hash_idx" ON "data_imports" ("file_hash") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "data_imports_idempotency_key_key" ON "data_imports" ("idempotency_key") WHERE "idempotency_key" IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "type" character varying(50) NOT NULL, "title" character varying(200) NOT NULL, "message" text NOT NULL, "data" jsonb NOT NULL DEFAULT \'{}\'::jsonb, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "notifications_user_unread_idx" ON "notifications" ("user_id") WHERE "read_at" IS NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "notifications_user_created_idx" ON "notifications" ("user_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "user_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "refresh_token_hash" character varying(128) NOT NULL, "generation" integer NOT NULL DEFAULT \'0\', "ip_address" character varying(45), "user_agent" character varying(512), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "idle_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" character varying(50), CONSTRAINT "PK_e93e031a5fed190d4789b6bfd83" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "user_sessions_user_id_idx" ON "user_sessions" ("user_id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "user_sessions_refresh_token_hash_key" ON "user_sessions" ("refresh_token_hash") ',
    );
    await queryRunner.query(
      'CREATE INDEX "user_sessions_revoked_at_idx" ON "user_sessions" ("revoked_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "one_time_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "purpose" character varying(30) NOT NULL, "token_hash" character varying(128) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "one_time_tokens_purpose_check" CHECK ("purpose" IN (\'email_verification\', \'password_reset\')), CONSTRAINT "PK_8e470cc9ffc1b2afa054304db17" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "one_time_tokens_token_hash_key" ON "one_time_tokens" ("token_hash") ',
    );
    await queryRunner.query(
      'CREATE INDEX "one_time_tokens_user_purpose_idx" ON "one_time_tokens" ("user_id", "purpose") ',
    );
    await queryRunner.query(
      'CREATE TABLE "audit_logs" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid, "actor_role" character varying(20), "action" character varying(60) NOT NULL, "target_type" character varying(40), "target_id" character varying(100), "ip_address" character varying(45), "user_agent" character varying(512), "request_id" character varying(128), "outcome" character varying(10) NOT NULL DEFAULT \'success\', "details" jsonb NOT NULL DEFAULT \'{}\'::jsonb, CONSTRAINT "PK_1bb179d048bbc581caa3b013439" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "audit_logs_occurred_at_idx" ON "audit_logs" ("occurred_at") ',
    );
    await queryRunner.query('CREATE INDEX "audit_logs_actor_id_idx" ON "audit_logs" ("actor_id") ');
    await queryRunner.query('CREATE INDEX "audit_logs_action_idx" ON "audit_logs" ("action") ');
    await queryRunner.query(
      'CREATE INDEX "audit_logs_target_idx" ON "audit_logs" ("target_type", "target_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "student_profiles" ADD CONSTRAINT "student_profiles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "administrators" ADD CONSTRAINT "administrators_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "performance_records" ADD CONSTRAINT "performance_records_student_profile_id_fkey" FOREIGN KEY ("student_profile_id") REFERENCES "student_profiles"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "performance_records" ADD CONSTRAINT "performance_records_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "predictions" ADD CONSTRAINT "predictions_student_profile_id_fkey" FOREIGN KEY ("student_profile_id") REFERENCES "student_profiles"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "predictions" ADD CONSTRAINT "predictions_requested_by_fkey" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_student_profile_id_fkey" FOREIGN KEY ("student_profile_id") REFERENCES "student_profiles"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_prediction_id_fkey" FOREIGN KEY ("prediction_id") REFERENCES "predictions"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "model_training_jobs" ADD CONSTRAINT "model_training_jobs_requested_by_fkey" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_updated_by_fkey" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "alerts" ADD CONSTRAINT "alerts_student_profile_id_fkey" FOREIGN KEY ("student_profile_id") REFERENCES "student_profiles"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "alerts" ADD CONSTRAINT "alerts_prediction_id_fkey" FOREIGN KEY ("prediction_id") REFERENCES "predictions"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "alerts" ADD CONSTRAINT "alerts_updated_by_fkey" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "interventions" ADD CONSTRAINT "interventions_student_profile_id_fkey" FOREIGN KEY ("student_profile_id") REFERENCES "student_profiles"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "interventions" ADD CONSTRAINT "interventions_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "interventions" ADD CONSTRAINT "interventions_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "teachers" ADD CONSTRAINT "teachers_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "models" ADD CONSTRAINT "models_trained_by_fkey" FOREIGN KEY ("trained_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "data_imports" ADD CONSTRAINT "data_imports_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "one_time_tokens" ADD CONSTRAINT "one_time_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    // The audit log is append-only: rows are never deleted, and the only update allowed is the
    // database's own ON DELETE SET NULL of a removed actor (so erasing a person keeps the row).
    await queryRunner.query(`CREATE FUNCTION audit_logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
     AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_logs is append-only';
END $$`);
    await queryRunner.query(
      'CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE ON "audit_logs" FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only()',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER audit_logs_append_only ON "audit_logs"');
    await queryRunner.query('DROP FUNCTION audit_logs_append_only()');
    await queryRunner.query('ALTER TABLE "audit_logs" DROP CONSTRAINT "audit_logs_actor_id_fkey"');
    await queryRunner.query(
      'ALTER TABLE "one_time_tokens" DROP CONSTRAINT "one_time_tokens_user_id_fkey"',
    );
    await queryRunner.query(
      'ALTER TABLE "user_sessions" DROP CONSTRAINT "user_sessions_user_id_fkey"',
    );
    await queryRunner.query(
      'ALTER TABLE "notifications" DROP CONSTRAINT "notifications_user_id_fkey"',
    );
    await queryRunner.query(
      'ALTER TABLE "data_imports" DROP CONSTRAINT "data_imports_created_by_fkey"',
    );
    await queryRunner.query('ALTER TABLE "models" DROP CONSTRAINT "models_trained_by_fkey"');
    await queryRunner.query('ALTER TABLE "teachers" DROP CONSTRAINT "teachers_user_id_fkey"');
    await queryRunner.query(
      'ALTER TABLE "interventions" DROP CONSTRAINT "interventions_created_by_fkey"',
    );
    await queryRunner.query(
      'ALTER TABLE "interventions" DROP CONSTRAINT "interventions_alert_id_fkey"',
    );
    await queryRunner.query(
      'ALTER TABLE "interventions" DROP CONSTRAINT "interventions_student_profile_id_fkey"',
    );
    await queryRunner.query('ALTER TABLE "alerts" DROP CONSTRAINT "alerts_updated_by_fkey"');
    await queryRunner.query('ALTER TABLE "alerts" DROP CONSTRAINT "alerts_rule_id_fkey"');
    await queryRunner.query('ALTER TABLE "alerts" DROP CONSTRAINT "alerts_prediction_id_fkey"');
    await queryRunner.query(
      'ALTER TABLE "alerts" DROP CONSTRAINT "alerts_student_profile_id_fkey"',
    );
    await queryRunner.query(
      'ALTER TABLE "alert_rules" DROP CONSTRAINT "alert_rules_updated_by_fkey"',
    );
    await queryRunner.query(
      'ALTER TABLE "model_training_jobs" DROP CONSTRAINT "model_training_jobs_requested_by_fkey"',
    );
    await queryRunner.query(
      'ALTER TABLE "recommendations" DROP CONSTRAINT "recommendations_prediction_id_fkey"',
    );
    await queryRunner.query(
      'ALTER TABLE "recommendations" DROP CONSTRAINT "recommendations_student_profile_id_fkey"',
    );
    await queryRunner.query(
      'ALTER TABLE "predictions" DROP CONSTRAINT "predictions_requested_by_fkey"',
    );
    await queryRunner.query(
      'ALTER TABLE "predictions" DROP CONSTRAINT "predictions_student_profile_id_fkey"',
    );
    await queryRunner.query(
      'ALTER TABLE "performance_records" DROP CONSTRAINT "performance_records_created_by_fkey"',
    );
    await queryRunner.query(
      'ALTER TABLE "performance_records" DROP CONSTRAINT "performance_records_student_profile_id_fkey"',
    );
    await queryRunner.query(
      'ALTER TABLE "administrators" DROP CONSTRAINT "administrators_user_id_fkey"',
    );
    await queryRunner.query(
      'ALTER TABLE "student_profiles" DROP CONSTRAINT "student_profiles_user_id_fkey"',
    );
    await queryRunner.query('DROP INDEX "public"."audit_logs_target_idx"');
    await queryRunner.query('DROP INDEX "public"."audit_logs_action_idx"');
    await queryRunner.query('DROP INDEX "public"."audit_logs_actor_id_idx"');
    await queryRunner.query('DROP INDEX "public"."audit_logs_occurred_at_idx"');
    await queryRunner.query('DROP TABLE "audit_logs"');
    await queryRunner.query('DROP INDEX "public"."one_time_tokens_user_purpose_idx"');
    await queryRunner.query('DROP INDEX "public"."one_time_tokens_token_hash_key"');
    await queryRunner.query('DROP TABLE "one_time_tokens"');
    await queryRunner.query('DROP INDEX "public"."user_sessions_revoked_at_idx"');
    await queryRunner.query('DROP INDEX "public"."user_sessions_refresh_token_hash_key"');
    await queryRunner.query('DROP INDEX "public"."user_sessions_user_id_idx"');
    await queryRunner.query('DROP TABLE "user_sessions"');
    await queryRunner.query('DROP INDEX "public"."notifications_user_created_idx"');
    await queryRunner.query('DROP INDEX "public"."notifications_user_unread_idx"');
    await queryRunner.query('DROP TABLE "notifications"');
    await queryRunner.query('DROP INDEX "public"."data_imports_idempotency_key_key"');
    await queryRunner.query('DROP INDEX "public"."data_imports_file_hash_idx"');
    await queryRunner.query('DROP INDEX "public"."data_imports_created_by_idx"');
    await queryRunner.query('DROP TABLE "data_imports"');
    await queryRunner.query('DROP INDEX "public"."models_one_active_idx"');
    await queryRunner.query('DROP INDEX "public"."models_trained_by_idx"');
    await queryRunner.query('DROP INDEX "public"."models_version_key"');
    await queryRunner.query('DROP TABLE "models"');
    await queryRunner.query('DROP INDEX "public"."teachers_user_id_key"');
    await queryRunner.query('DROP TABLE "teachers"');
    await queryRunner.query('DROP INDEX "public"."interventions_student_created_idx"');
    await queryRunner.query('DROP INDEX "public"."interventions_created_by_idx"');
    await queryRunner.query('DROP INDEX "public"."interventions_alert_id_idx"');
    await queryRunner.query('DROP TABLE "interventions"');
    await queryRunner.query('DROP INDEX "public"."alerts_student_created_idx"');
    await queryRunner.query('DROP INDEX "public"."alerts_status_created_idx"');
    await queryRunner.query('DROP INDEX "public"."alerts_updated_by_idx"');
    await queryRunner.query('DROP INDEX "public"."alerts_severity_idx"');
    await queryRunner.query('DROP INDEX "public"."alerts_rule_id_idx"');
    await queryRunner.query('DROP INDEX "public"."alerts_prediction_id_idx"');
    await queryRunner.query('DROP TABLE "alerts"');
    await queryRunner.query('DROP INDEX "public"."alert_rules_updated_by_idx"');
    await queryRunner.query('DROP INDEX "public"."alert_rules_name_key"');
    await queryRunner.query('DROP TABLE "alert_rules"');
    await queryRunner.query('DROP INDEX "public"."model_training_jobs_requested_by_idx"');
    await queryRunner.query('DROP INDEX "public"."model_training_jobs_status_idx"');
    await queryRunner.query('DROP TABLE "model_training_jobs"');
    await queryRunner.query('DROP INDEX "public"."recommendations_student_created_idx"');
    await queryRunner.query('DROP INDEX "public"."recommendations_status_idx"');
    await queryRunner.query('DROP INDEX "public"."recommendations_prediction_id_idx"');
    await queryRunner.query('DROP TABLE "recommendations"');
    await queryRunner.query('DROP INDEX "public"."predictions_student_date_idx"');
    await queryRunner.query('DROP INDEX "public"."predictions_requested_by_idx"');
    await queryRunner.query('DROP INDEX "public"."predictions_risk_level_idx"');
    await queryRunner.query('DROP INDEX "public"."predictions_model_version_idx"');
    await queryRunner.query('DROP TABLE "predictions"');
    await queryRunner.query('DROP INDEX "public"."performance_records_student_recorded_idx"');
    await queryRunner.query('DROP INDEX "public"."performance_records_created_by_idx"');
    await queryRunner.query('DROP INDEX "public"."performance_records_recorded_at_idx"');
    await queryRunner.query('DROP TABLE "performance_records"');
    await queryRunner.query('DROP INDEX "public"."administrators_user_id_key"');
    await queryRunner.query('DROP TABLE "administrators"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_name_idx"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_created_at_idx"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_exam_score_idx"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_distance_from_home_idx"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_parental_education_level_idx"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_peer_influence_idx"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_school_type_idx"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_teacher_quality_idx"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_family_income_idx"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_motivation_level_idx"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_previous_scores_idx"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_access_to_resources_idx"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_parental_involvement_idx"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_attendance_idx"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_hours_studied_idx"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_gender_idx"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_email_idx"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_user_id_key"');
    await queryRunner.query('DROP INDEX "public"."student_profiles_student_id_key"');
    await queryRunner.query('DROP TABLE "student_profiles"');
    await queryRunner.query('DROP INDEX "public"."users_created_at_idx"');
    await queryRunner.query('DROP INDEX "public"."users_role_idx"');
    await queryRunner.query('DROP INDEX "public"."users_email_key"');
    await queryRunner.query('DROP TABLE "users"');
  }
}
