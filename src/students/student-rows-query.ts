import { SqlParams } from '../common/sql/sql-params';
import { studentFilterSql, type StudentFilters } from './student-filters';
import { studentIdOrder } from './student-sort';

/** A read of student_profiles in student id order: its SQL and positional parameters. */
export interface StudentRowsSelect {
  sql: string;
  parameters: unknown[];
  /** False when no filter applies: the statement reads every student. */
  filtered: boolean;
}

/** The alias of student_profiles in the statements below. */
const ALIAS = '"s"';

/**
 * The read query other modules may run on student_profiles (the export), with a select list of
 * their own: `select(alias)` is SQL over the table aliased `alias` (one or more output
 * expressions), computed for each student matching the students-list filters, in student id
 * order (see studentIdOrderKey). Filters are checked here (a bad range is a
 * ValidationFailedError). Computing the select list at the same level as the ORDER BY (rather
 * than over an ordered subquery) lets PostgreSQL evaluate it in the parallel workers of the
 * scan, below the merge that keeps the order.
 */
export function studentRowsSelect(
  select: (alias: string) => string,
  filters: StudentFilters,
): StudentRowsSelect {
  const params = new SqlParams();
  const where = studentFilterSql(filters, 's', params);
  const order = studentIdOrder(ALIAS, 'ASC')
    .map((term) => `${term.expression} ${term.direction}`)
    .join(', ');
  const sql =
    `SELECT ${select(ALIAS)} FROM student_profiles ${ALIAS}` +
    (where.length > 0 ? ` WHERE ${where.map((c) => `(${c})`).join(' AND ')}` : '') +
    ` ORDER BY ${order}`;
  return { sql, parameters: params.values, filtered: where.length > 0 };
}

/**
 * studentRowsSelect of the given columns (API names, which are the column names). Returns the
 * SQL and its positional parameters.
 */
export function studentRowsQuery(
  fields: readonly string[],
  filters: StudentFilters,
): [string, unknown[]] {
  const columns = (alias: string) =>
    fields.map((field) => `${alias}."${field}" AS "${field}"`).join(', ');
  const { sql, parameters } = studentRowsSelect(columns, filters);
  return [sql, parameters];
}
