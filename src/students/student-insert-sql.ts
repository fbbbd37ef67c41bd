import { STUDENT_ROW_FIELDS } from './student-row';

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
