import { Injectable } from '@nestjs/common';
import { insertStudentsSql } from './student-insert-sql';
import { sqlTypeOf, STUDENT_ROW_FIELDS, StudentRow } from './student-row';

/** Something that runs SQL: an EntityManager, a DataSource or a QueryRunner. */
interface SqlRunner {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/** One array parameter per field, unnested into rows (the parameter count is fixed). */
const UNNESTED_ROWS =
  `unnest(${STUDENT_ROW_FIELDS.map((field, i) => `$${i + 1}::${sqlTypeOf(field)}[]`).join(', ')})` +
  ` WITH ORDINALITY AS u(${STUDENT_ROW_FIELDS.join(', ')}, row_no)`;

const INSERT_ROWS_SQL = insertStudentsSql(`(SELECT * FROM ${UNNESTED_ROWS})`, {
  onConflict: 'skip',
  returning: true,
});

/**
 * Inserts new students with one set-based INSERT per call, whatever the number of rows: the API
 * (one row) and the demo seed (the data set) write student_profiles through it, and an import
 * through StudentStaging, which runs the same INSERT from its staging table.
 */
@Injectable()
export class StudentProfileWriter {
  /**
   * Inserts the rows whose student_id is free (a taken id inserts nothing) and returns the
   * inserted ones.
   */
  async insert(
    db: SqlRunner,
    rows: readonly StudentRow[],
  ): Promise<{ id: string; student_id: string }[]> {
    if (rows.length === 0) return [];
    const columns = STUDENT_ROW_FIELDS.map((field) => rows.map((row) => row[field]));
    return db.query<{ id: string; student_id: string }[]>(INSERT_ROWS_SQL, columns);
  }
}
