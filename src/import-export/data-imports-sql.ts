/** The states of a background job that has not ended yet. */
const ACTIVE = `('queued', 'running')`;

/** A queued job gets its import place: running from now, unless it was ended meanwhile. */
export const MARK_RUNNING_SQL = `
  UPDATE "data_imports" SET "status" = 'running', "started_at" = now(), "updated_at" = now()
   WHERE "id" = $1 AND "status" IN ${ACTIVE}
  RETURNING "id"`;

/** A job's progress ($2 phase … $6 phase total), written while it is still active. */
export const WRITE_PROGRESS_SQL = `
  UPDATE "data_imports"
     SET "updated_at" = now(), "phase" = COALESCE($2::varchar, "phase"),
         "bytes_read" = COALESCE($3::bigint, "bytes_read"), "rows_read" = COALESCE($4::int, "rows_read"),
         "phase_done" = COALESCE($5::bigint, "phase_done"),
         "phase_total" = CASE WHEN $2::varchar IS NULL THEN "phase_total" ELSE $6::bigint END
   WHERE "id" = $1 AND "status" IN ${ACTIVE}
  RETURNING "id"`;

/**
 * Copies the outcome columns `copy` (`"a" = y."a", …`) of report $2 onto job $1 while it is
 * still active, with $3 the earlier import it replays and $4 … $8 its last progress.
 */
export function settleJobSql(copy: string): string {
  return `
  UPDATE "data_imports" AS x SET ${copy}, "replay_of" = $3::uuid, "updated_at" = now(),
         "phase" = COALESCE($4::varchar, x."phase"), "bytes_read" = COALESCE($5::bigint, x."bytes_read"),
         "rows_read" = COALESCE($6::int, x."rows_read"), "phase_done" = COALESCE($7::bigint, x."phase_done"),
         "phase_total" = CASE WHEN $4::varchar IS NULL THEN x."phase_total" ELSE $8::bigint END
    FROM "data_imports" AS y
   WHERE x."id" = $1 AND y."id" = $2 AND x."status" IN ${ACTIVE}
  RETURNING x."id"`;
}

export const DELETE_IMPORT_SQL = `DELETE FROM "data_imports" WHERE "id" = $1`;

/**
 * Ends the active jobs matching `where` as failed with the problems $1 (nothing imported, the
 * key freed for a retry); returns what their audit entries name.
 */
export function endActiveSql(where: string): string {
  return `
  UPDATE "data_imports"
     SET "status" = 'failed', "idempotency_key" = NULL, "inserted" = 0, "updated" = 0,
         "skipped" = "rows_total", "error_count" = 1, "errors" = $1::jsonb,
         "completed_at" = now(), "updated_at" = now()
   WHERE "status" IN ${ACTIVE} AND ${where}
  RETURNING "id", "created_by", "file_name", "mode", "dry_run", "rows_total"`;
}

export const BACKEND_PID_SQL = 'SELECT pg_backend_pid() AS pid';

export const CANCEL_BACKEND_SQL = 'SELECT pg_cancel_backend($1)';
