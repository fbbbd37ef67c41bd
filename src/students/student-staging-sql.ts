import { STUDENT_NUMBER_SEQUENCE } from './student-id';
import { insertStudentsSql } from './student-insert-sql';
import { sqlTypeOf, STUDENT_ROW_FIELDS, StudentRowField } from './student-row';

/**
 * SQL of a bulk write (an import): a temporary staging table loaded with COPY, then merged
 * into student_profiles by student_id in the same transaction. Column names are the API names
 * (which are also the column names of student_profiles); nothing here comes from the file.
 */
export const STAGING_TABLE = 'import_staging';

const FIELDS = STUDENT_ROW_FIELDS;

export const CREATE_STAGING_SQL =
  `CREATE TEMP TABLE ${STAGING_TABLE} (row_no integer NOT NULL, ` +
  FIELDS.map((field) => `${field} ${sqlTypeOf(field)}`).join(', ') +
  ') ON COMMIT DROP';

/** COPY's column order: row_no, then the values in STUDENT_ROW_FIELDS order. */
export const COPY_STAGING_SQL = `COPY ${STAGING_TABLE} (row_no, ${FIELDS.join(', ')}) FROM STDIN`;

export const INDEX_STAGING_SQL = [
  `CREATE INDEX ON ${STAGING_TABLE} (student_id, row_no)`,
  `ANALYZE ${STAGING_TABLE} (student_id)`,
];

/** Later rows repeating a Student_ID of an earlier row: the first 100, and how many in all. */
export const DUPLICATE_ROWS_SQL = `
  SELECT d.row_no, d.student_id, d.first_row, count(*) OVER ()::int AS total
  FROM (
    SELECT row_no, student_id, min(row_no) OVER (PARTITION BY student_id) AS first_row
    FROM ${STAGING_TABLE} WHERE student_id IS NOT NULL
  ) d
  WHERE d.row_no <> d.first_row
  ORDER BY d.row_no
  LIMIT $1`;

/** Keeps the first row of each repeated Student_ID (partial mode). */
export const DELETE_DUPLICATE_ROWS_SQL = `
  DELETE FROM ${STAGING_TABLE} s
  WHERE s.student_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM ${STAGING_TABLE} f WHERE f.student_id = s.student_id AND f.row_no < s.row_no)`;

const NUMBER_OF = (column: string) => `COALESCE(max(substring(${column} FROM 4)::bigint), 0)`;

/**
 * Moves the id sequence (shared with the students API, which draws from it too) past every
 * numbered id in the table and in the file, so generated ids never collide; never backwards.
 */
export const SYNC_SEQUENCE_SQL = `
  SELECT setval('${STUDENT_NUMBER_SEQUENCE}', m.high)
  FROM (
    SELECT GREATEST(
      (SELECT ${NUMBER_OF('student_id')} FROM student_profiles),
      (SELECT ${NUMBER_OF('student_id')} FROM ${STAGING_TABLE})) AS high
  ) m, ${STUDENT_NUMBER_SEQUENCE} q
  WHERE m.high > (CASE WHEN q.is_called THEN q.last_value ELSE q.last_value - 1 END)`;

/** Rows without a Student_ID get the next numbers of the sequence, in file order. */
export const ASSIGN_IDS_SQL = `
  UPDATE ${STAGING_TABLE} s
  SET student_id = 'STU' || lpad(g.n::text, GREATEST(4, length(g.n::text)), '0')
  FROM (
    SELECT o.row_no, nextval('${STUDENT_NUMBER_SEQUENCE}') AS n
    FROM (SELECT row_no FROM ${STAGING_TABLE} WHERE student_id IS NULL ORDER BY row_no) o
  ) g
  WHERE s.row_no = g.row_no`;

/**
 * What an existing profile becomes. A column absent from the file keeps the stored value; a
 * blank name keeps the stored name (names are required); a blank email, age or score is
 * unknown and stored as null.
 */
function updatedValues(present: ReadonlySet<StudentRowField>): { column: string; value: string }[] {
  const out: { column: string; value: string }[] = [];
  for (const field of FIELDS) {
    if (field === 'student_id' || !present.has(field)) continue;
    const keepWhenBlank = field === 'first_name' || field === 'last_name';
    out.push({
      column: field,
      value: keepWhenBlank ? `COALESCE(s.${field}, p.${field})` : `s.${field}`,
    });
  }
  return out;
}

/** True when the file's row would change the stored profile `p`. */
function changesSql(present: ReadonlySet<StudentRowField>): string {
  const values = updatedValues(present);
  if (values.length === 0) return 'false';
  return (
    `ROW(${values.map((v) => `p.${v.column}`).join(', ')}) IS DISTINCT FROM ` +
    `ROW(${values.map((v) => v.value).join(', ')})`
  );
}

/** Dry run: what the merge would do, without doing it. */
export function previewSql(present: ReadonlySet<StudentRowField>): string {
  const changes = changesSql(present);
  return `
    SELECT count(*) FILTER (WHERE p.id IS NULL)::int AS inserted,
           count(*) FILTER (WHERE p.id IS NOT NULL AND ${changes})::int AS updated
    FROM ${STAGING_TABLE} s LEFT JOIN student_profiles p ON p.student_id = s.student_id`;
}

/** Updates the profiles whose stored values differ from the file's. */
export function updateSql(present: ReadonlySet<StudentRowField>): string | null {
  const values = updatedValues(present);
  if (values.length === 0) return null;
  return `
    UPDATE student_profiles p
    SET ${values.map((v) => `${v.column} = ${v.value}`).join(', ')}, updated_at = now()
    FROM ${STAGING_TABLE} s
    WHERE p.student_id = s.student_id AND ${changesSql(present)}`;
}

/** Inserts the rows whose Student_ID is new, with placeholder names where the file has none. */
export const INSERT_SQL = insertStudentsSql(STAGING_TABLE, {
  onConflict: 'fail',
  returning: false,
});
