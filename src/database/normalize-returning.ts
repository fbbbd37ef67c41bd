/**
 * `query('UPDATE ... RETURNING')` yields `[rows, affectedCount]` with the PostgreSQL driver,
 * while SELECT and INSERT yield the rows; this returns the rows either way.
 */
export function normalizeReturning<T = Record<string, unknown>>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return Array.isArray(result) ? (result as T[]) : [];
}
