import type { DataSource } from 'typeorm';
import { SqlParams } from '../common/sql/sql-params';
import { studentFilterSql, type StudentFilters } from './student-filters';
import { studentIdOrder } from './student-sort';

/**
 * The read query other modules may run on student_profiles (the export): the given columns
 * (API names, which are the column names) of the students matching the students-list filters,
 * in student id order (see studentIdOrderKey). Returns the SQL and its positional parameters;
 * filters are checked here (a bad range is a ValidationFailedError). The data source is not
 * needed to write the text; the parameter stays for the callers.
 */
export function studentRowsQuery(
  _dataSource: DataSource,
  fields: readonly string[],
  filters: StudentFilters,
): [string, unknown[]] {
  const params = new SqlParams();
  const columns = fields.map((field) => `"s"."${field}" AS "${field}"`).join(', ');
  const where = studentFilterSql(filters, 's', params);
  const order = studentIdOrder('"s"', 'ASC')
    .map((term) => `${term.expression} ${term.direction}`)
    .join(', ');
  const sql =
    `SELECT ${columns} FROM student_profiles "s"` +
    (where.length > 0 ? ` WHERE ${where.map((c) => `(${c})`).join(' AND ')}` : '') +
    ` ORDER BY ${order}`;
  return [sql, params.values];
}
