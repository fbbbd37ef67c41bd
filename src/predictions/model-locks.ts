/**
 * PostgreSQL advisory lock keys (pg_advisory_xact_lock) serialising model changes across all
 * instances: which model is active (registration of the shipped model, activation), and the
 * start of a training job.
 */
export const ACTIVE_MODEL_LOCK = 7_300_401;
export const TRAINING_JOB_LOCK = 7_300_402;
