import { isDatabaseUnavailable } from '../database/database-unavailable';
import { STUDENT_ID_UNIQUE_CONSTRAINT } from '../students/student-staging';
import { ImportConflictError } from './import-export.errors';
import type { ImportProblem } from './student-row-parser';

const IDEMPOTENCY_KEY_INDEX = 'data_imports_idempotency_key_key';

function pgErrorOf(error: unknown): { code?: string; constraint?: string } {
  const e = error as { code?: unknown; constraint?: unknown; driverError?: unknown };
  const inner = (e?.driverError ?? e) as { code?: unknown; constraint?: unknown };
  return {
    code: typeof inner?.code === 'string' ? inner.code : undefined,
    constraint: typeof inner?.constraint === 'string' ? inner.constraint : undefined,
  };
}

/** Another report with the same Idempotency-Key was stored first. */
export function isIdempotencyKeyConflict(error: unknown): boolean {
  const pg = pgErrorOf(error);
  return pg.code === '23505' && pg.constraint === IDEMPOTENCY_KEY_INDEX;
}

/** Another transaction created one of the file's student ids meanwhile. */
export function isStudentIdConflict(error: unknown): boolean {
  const pg = pgErrorOf(error);
  return pg.code === '23505' && pg.constraint === STUDENT_ID_UNIQUE_CONSTRAINT;
}

/** The error of a failed import, as its report lists it (never internal details). */
export function failureProblem(error: unknown): ImportProblem {
  if (isDatabaseUnavailable(error)) {
    return {
      row: 1,
      column: null,
      code: 'database_unavailable',
      message: 'The database became unavailable during the import; nothing was imported.',
    };
  }
  if (error instanceof ImportConflictError || isStudentIdConflict(error)) {
    return {
      row: 1,
      column: null,
      code: 'import_failed',
      message:
        'A student of the file was created by another request meanwhile; nothing was imported.',
    };
  }
  return {
    row: 1,
    column: null,
    code: 'import_failed',
    message: 'The import failed unexpectedly; nothing was imported.',
  };
}
