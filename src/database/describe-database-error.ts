/** What a log may say about a database error: names, codes and driver messages, no SQL. */
export interface DatabaseErrorSummary {
  name?: string;
  code?: string;
  message?: string;
  /** The same for the error it wraps (driverError, cause, the first of an AggregateError). */
  cause?: DatabaseErrorSummary;
}

const MAX_DEPTH = 4;

/**
 * Summarises an error for the log without what TypeORM attaches to it (`query`,
 * `parameters`): statement parameters may hold personal data or password hashes.
 */
export function describeDatabaseError(error: unknown, depth = 0): DatabaseErrorSummary {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const e = error as Record<string, unknown>;
  const summary: DatabaseErrorSummary = {};
  if (typeof e.name === 'string') summary.name = e.name;
  if (typeof e.code === 'string') summary.code = e.code;
  if (typeof e.message === 'string') summary.message = e.message.slice(0, 300);
  const inner =
    e.driverError ?? e.cause ?? (Array.isArray(e.errors) ? (e.errors[0] as unknown) : undefined);
  if (inner !== undefined && inner !== error && depth < MAX_DEPTH) {
    summary.cause = describeDatabaseError(inner, depth + 1);
  }
  return summary;
}
