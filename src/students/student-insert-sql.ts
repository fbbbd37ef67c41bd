import { sqlTypeOf, STUDENT_ROW_FIELDS, type StudentRow } from './student-row';

/** Placeholder first name of a new student whose row has none (the last name is the id). */
export const PLACEHOLDER_FIRST_NAME = 'Student';

export interface InsertSqlOptions {
  /**
   * `skip`: a student_id taken meanwhile, in any case (the unique lower(student_id) index is
   * not an arbiter of ON CONFLICT (student_id), hence no conflict target), inserts nothing;
   * `fail`: it is a unique violation.
   */
  onConflict: 'skip' | 'fail';
  /** Return `id, student_id` of each inserted row. */
  returning: boolean;
}

/**
 * The one INSERT of new students, from `source`: a relation or subquery with the columns of
 * STUDENT_ROW_FIELDS and `row_no` (the staging table of an import, or the unnested rows of the
 * API and the seeder). Rows whose student_id exists are left alone; rows without names get
 * placeholders. Inserted in row order.
 */
export function insertStudentsSql(source: string, options: InsertSqlOptions): string {
  const values = STUDENT_ROW_FIELDS.map((field) => {
    if (field === 'first_name') return `COALESCE(s.first_name, '${PLACEHOLDER_FIRST_NAME}')`;
    if (field === 'last_name') return 'COALESCE(s.last_name, s.student_id)';
    return `s.${field}`;
  });
  return `
    INSERT INTO student_profiles (${STUDENT_ROW_FIELDS.join(', ')})
    SELECT ${values.join(', ')}
    FROM ${source} s
    WHERE NOT EXISTS (SELECT 1 FROM student_profiles p WHERE p.student_id = s.student_id)
    ORDER BY s.row_no
    ${options.onConflict === 'skip' ? 'ON CONFLICT DO NOTHING' : ''}
    ${options.returning ? 'RETURNING id, student_id' : ''}`;
}

/** One array parameter per field, unnested into rows (the parameter count is fixed). */
const UNNESTED_ROWS =
  `unnest(${STUDENT_ROW_FIELDS.map((field, i) => `$${i + 1}::${sqlTypeOf(field)}[]`).join(', ')})` +
  ` WITH ORDINALITY AS u(${STUDENT_ROW_FIELDS.join(', ')}, row_no)`;

/**
 * The INSERT of the given rows, whatever their number, as one statement: the API (one row) and
 * the demo seed (the data set) run it with `studentRowColumns(rows)`; an import runs the same
 * INSERT from its staging table. A taken student_id inserts nothing; returns `id, student_id`
 * of the inserted rows.
 */
export const INSERT_STUDENT_ROWS_SQL = insertStudentsSql(`(SELECT * FROM ${UNNESTED_ROWS})`, {
  onConflict: 'skip',
  returning: true,
});

/** The parameters of INSERT_STUDENT_ROWS_SQL: one array of values per field. */
export function studentRowColumns(rows: readonly StudentRow[]): unknown[][] {
  return STUDENT_ROW_FIELDS.map((field) => rows.map((row) => row[field]));
}
