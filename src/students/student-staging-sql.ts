import { STUDENT_NUMBER_SEQUENCE, studentNumberSql } from './student-id';
import { insertStudentsSql } from './student-insert-sql';
import { sqlTypeOf, STUDENT_ROW_FIELDS, StudentRowField } from './student-row';

/**
 * SQL of a bulk write (an import): a temporary staging table loaded with COPY, then merged
 * into student_profiles by student_id in the same transaction. Column names are the API names
 * (which are also the column names of student_profiles); nothing here comes from the file.
 */
export const STAGING_TABLE = 'import_staging';

const FIELDS = STUDENT_ROW_FIELDS;

/**
 * `email_owners`: set on a row without Student_ID that took the id of the existing student
 * with its email (how many students have that email; the earliest created was chosen).
 */
export const CREATE_STAGING_SQL =
  `CREATE TEMP TABLE ${STAGING_TABLE} (row_no integer NOT NULL, ` +
  FIELDS.map((field) => `${field} ${sqlTypeOf(field)}`).join(', ') +
  ', email_owners integer) ON COMMIT DROP';

/** COPY's column order: row_no, then the values in STUDENT_ROW_FIELDS order. */
export const COPY_STAGING_SQL = `COPY ${STAGING_TABLE} (row_no, ${FIELDS.join(', ')}) FROM STDIN`;

export const INDEX_STAGING_SQL = [
  `CREATE INDEX ON ${STAGING_TABLE} (student_id, row_no)`,
  `CREATE INDEX ON ${STAGING_TABLE} (row_no)`,
  `ANALYZE ${STAGING_TABLE} (row_no, student_id, email)`,
];

/**
 * Later rows repeating a Student_ID of an earlier row, whatever its case (ids given, or taken by
 * email): the
 * first $1, and how many in all; `by_email` tells which of the two rows took its id by email.
 */
export const DUPLICATE_ROWS_SQL = `
  SELECT d.row_no, d.student_id, d.first_row, count(*) OVER ()::int AS total,
         d.email_owners IS NOT NULL AS by_email, f.email_owners IS NOT NULL AS first_by_email
  FROM (
    SELECT row_no, student_id, email_owners,
           min(row_no) OVER (PARTITION BY lower(student_id)) AS first_row
    FROM ${STAGING_TABLE} WHERE student_id IS NOT NULL
  ) d
  JOIN ${STAGING_TABLE} f ON f.row_no = d.first_row
  WHERE d.row_no <> d.first_row
  ORDER BY d.row_no
  LIMIT $1`;

/**
 * Rows sharing an email with an earlier row where either has no Student_ID (so the file
 * cannot say which student it means): `problem`; between two rows with Student_IDs: only a
 * likely duplicate (`problem` false, also when no row with the email lacks a Student_ID, where
 * `first_idless` is null).
 */
const REPEATED_EMAILS = `
  SELECT r.row_no, r.email, r.student_id, r.first_row,
         (r.student_id IS NULL OR COALESCE(r.first_idless < r.row_no, false)) AS problem
  FROM (
    SELECT row_no, email, student_id,
           min(row_no) OVER w AS first_row,
           min(row_no) FILTER (WHERE student_id IS NULL) OVER w AS first_idless
    FROM ${STAGING_TABLE} WHERE email IS NOT NULL
    WINDOW w AS (PARTITION BY email)
  ) r
  WHERE r.row_no <> r.first_row`;

/** Rows repeating an earlier row's email that are problems: the first $1, and how many. */
export const DUPLICATE_EMAIL_ROWS_SQL = `
  SELECT e.row_no, e.email, e.first_row, count(*) OVER ()::int AS total
  FROM (${REPEATED_EMAILS}) e
  WHERE e.problem
  ORDER BY e.row_no
  LIMIT $1`;

/** Drops the rows DUPLICATE_EMAIL_ROWS_SQL finds (partial mode). */
export const DELETE_DUPLICATE_EMAIL_ROWS_SQL = `
  DELETE FROM ${STAGING_TABLE} s
  USING (${REPEATED_EMAILS}) e
  WHERE e.problem AND s.row_no = e.row_no`;

/**
 * A row without Student_ID whose email (trimmed and lower-cased, as stored ones are) belongs
 * to an existing student takes that student's id, so the merge updates it; when several
 * students share the email, the earliest created. A row whose email another row of the file
 * repeats is left alone (a duplicate_email problem).
 */
export const MATCH_EMAILS_SQL = `
  UPDATE ${STAGING_TABLE} s
  SET student_id = m.student_id, email_owners = m.owners
  FROM (
    SELECT DISTINCT ON (c.email) c.email, c.student_id, c.owners
    FROM (
      SELECT lower(p.email) AS email, p.student_id, p.created_at,
             count(*) OVER (PARTITION BY lower(p.email))::int AS owners
      FROM student_profiles p
      WHERE p.email IS NOT NULL AND lower(p.email) IN (
        SELECT email FROM ${STAGING_TABLE} WHERE student_id IS NULL AND email IS NOT NULL)
    ) c
    ORDER BY c.email, c.created_at, c.student_id
  ) m
  WHERE s.student_id IS NULL AND s.email = m.email
    AND NOT EXISTS (
      SELECT 1 FROM ${STAGING_TABLE} o WHERE o.email = s.email AND o.row_no <> s.row_no)`;

/**
 * Each staged row with what the likely-duplicate checks need, in one narrow pass: `fresh`, the
 * merge will insert it (no Student_ID after the email matches, or an unknown one); `first_row`,
 * the first row of the file with its first name, last name (ignoring case) and age, when it has
 * all three. Narrow, so that the two checks that read it twice materialise few bytes a row.
 */
const NAMED_ROWS = `
  SELECT s.row_no, s.student_id, s.first_name, s.last_name, s.age,
         lower(s.first_name) AS first_lower, lower(s.last_name) AS last_lower,
         (s.student_id IS NULL OR NOT EXISTS (
           SELECT 1 FROM student_profiles p WHERE lower(p.student_id) = lower(s.student_id)
         )) AS fresh,
         CASE WHEN s.first_name IS NOT NULL AND s.last_name IS NOT NULL AND s.age IS NOT NULL
           THEN min(s.row_no) OVER (
             PARTITION BY lower(s.first_name), lower(s.last_name), s.age) END AS first_row
  FROM ${STAGING_TABLE} s`;

/** Which likely duplicates to look for: the others cannot exist when the file lacks the columns. */
export interface LikelyDuplicateChecks {
  /** The file has first names, last names and ages: the `existing` and `row` kinds. */
  byName: boolean;
  /** The file has emails: the `email` and `shared_email` kinds. */
  byEmail: boolean;
}

/** New rows with the first name, last name and age of a stored student, or of an earlier row. */
const BY_NAME = [
  `SELECT f.row_no, 'existing' AS kind, f.student_id, NULL::int AS other_row, k.other_id,
          f.first_name, f.last_name, f.age, NULL::text AS email, NULL::int AS owners
   FROM named f
   JOIN known k
     ON k.last_name = f.last_lower AND k.first_name = f.first_lower AND k.age = f.age
   WHERE f.fresh`,
  `SELECT f.row_no, 'row' AS kind, f.student_id, f.first_row AS other_row, NULL::text AS other_id,
          f.first_name, f.last_name, f.age, NULL::text AS email, NULL::int AS owners
   FROM named f
   WHERE f.fresh AND f.first_row < f.row_no`,
];

/** Rows sharing an email with an earlier row, each with a Student_ID; rows of shared emails. */
const BY_EMAIL = [
  `SELECT e.row_no, 'email' AS kind, e.student_id, e.first_row AS other_row, NULL::text AS other_id,
          NULL::text AS first_name, NULL::text AS last_name, NULL::int AS age, e.email,
          NULL::int AS owners
   FROM (${REPEATED_EMAILS}) e
   WHERE NOT e.problem`,
  `SELECT s.row_no, 'shared_email' AS kind, s.student_id, NULL::int AS other_row,
          NULL::text AS other_id, NULL::text AS first_name, NULL::text AS last_name,
          NULL::int AS age, s.email, s.email_owners AS owners
   FROM ${STAGING_TABLE} s
   WHERE s.email_owners > 1`,
];

/** The stored students grouped by first name, last name (lower case) and age. */
const KNOWN_NAMES = `
  SELECT lower(p.first_name) AS first_name, lower(p.last_name) AS last_name, p.age,
         min(p.student_id) AS other_id
  FROM student_profiles p
  WHERE p.age IS NOT NULL
  GROUP BY 1, 2, 3`;

/**
 * Likely duplicates, the first $1 by row and how many in all, each with what it resembles:
 * `existing`, a new row with the first name, last name (ignoring case) and age of a stored
 * student (`other_id`, the first of them by id; students grouped by name and age first, so a
 * common name costs no more than a rare one); `row`, a new row with those of an earlier row
 * of the file (`other_row`); `email`, a row with a Student_ID sharing the email of an earlier
 * row with another Student_ID (`other_row`); `shared_email`, a row that took the id of the
 * earliest of `owners` students with its email. Only the kinds of `checks` (at least one).
 */
export function likelyDuplicatesSql(checks: LikelyDuplicateChecks): string {
  const ctes = checks.byName ? [`named AS (${NAMED_ROWS})`, `known AS (${KNOWN_NAMES})`] : [];
  const branches = [...(checks.byName ? BY_NAME : []), ...(checks.byEmail ? BY_EMAIL : [])];
  if (branches.length === 0) throw new Error('likelyDuplicatesSql: no check to run');
  ctes.push(`found AS (${branches.join('\n    UNION ALL\n    ')})`);
  return `
  WITH ${ctes.join(',\n  ')}
  SELECT found.*, count(*) OVER ()::int AS total
  FROM found
  ORDER BY row_no, kind
  LIMIT $1`;
}

/** Keeps the first row of each repeated Student_ID, whatever its case (partial mode). */
export const DELETE_DUPLICATE_ROWS_SQL = `
  DELETE FROM ${STAGING_TABLE} s
  WHERE s.student_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM ${STAGING_TABLE} f
    WHERE lower(f.student_id) = lower(s.student_id) AND f.row_no < s.row_no)`;

const NUMBER_OF = (column: string) => `COALESCE(max(${studentNumberSql(column)}), 0)`;

/**
 * Moves the id sequence (shared with the students API, which draws from it too) past every
 * numbered id (`STU` and digits, see studentNumberSql) in the table and in the file, so
 * generated ids never collide; never backwards. The school's own ids are left out.
 */
export const SYNC_SEQUENCE_SQL = `
  SELECT setval('${STUDENT_NUMBER_SEQUENCE}', m.high)
  FROM (
    SELECT GREATEST(
      (SELECT ${NUMBER_OF('student_id')} FROM student_profiles),
      (SELECT ${NUMBER_OF('student_id')} FROM ${STAGING_TABLE})) AS high
  ) m, ${STUDENT_NUMBER_SEQUENCE} q
  WHERE m.high > (CASE WHEN q.is_called THEN q.last_value ELSE q.last_value - 1 END)`;

/**
 * A Student_ID written in another case than a stored student's (`s12345` for `S12345`) takes
 * the stored spelling, so that the row updates that student: ids are unique whatever the case.
 * (Rows without a Student_ID get theirs in INSERT_SQL.)
 */
export const ASSIGN_IDS_SQL = `
  UPDATE ${STAGING_TABLE} s
  SET student_id = p.student_id
  FROM student_profiles p
  WHERE s.student_id IS NOT NULL AND lower(p.student_id) = lower(s.student_id)
    AND p.student_id <> s.student_id`;

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

/**
 * The merge goes through the staged rows in chunks of row numbers (`row_no > $1 AND row_no <=
 * $2`), so a long import can report its progress; these are the chunks' last row numbers, how
 * many rows the chunks up to each hold, `$1` rows a chunk, and how many of those rows have a
 * Student_ID (only those can update a stored student).
 */
export const MERGE_CHUNKS_SQL = `
  SELECT t.row_no AS last_row, t.n::int AS rows, t.ids::int AS rows_with_ids
  FROM (
    SELECT row_no, row_number() OVER w AS n, count(student_id) OVER w AS ids,
           count(*) OVER () AS total
    FROM ${STAGING_TABLE}
    WINDOW w AS (ORDER BY row_no)
  ) t
  WHERE t.n % $1 = 0 OR t.n = t.total
  ORDER BY t.row_no`;

const CHUNK = 's.row_no > $1 AND s.row_no <= $2';

/** Updates the profiles whose stored values differ from those of one chunk of rows. */
export function updateSql(present: ReadonlySet<StudentRowField>): string | null {
  const values = updatedValues(present);
  if (values.length === 0) return null;
  return `
    UPDATE student_profiles p
    SET ${values.map((v) => `${v.column} = ${v.value}`).join(', ')}, updated_at = now()
    FROM ${STAGING_TABLE} s
    WHERE ${CHUNK} AND p.student_id = s.student_id AND ${changesSql(present)}`;
}

/**
 * One chunk of rows in row order, a row without a Student_ID numbered from the sequence as it
 * comes (`n`). OFFSET 0 keeps this subquery from being merged into the outer query (which
 * would copy the nextval call into every expression using `n`), so each row draws one number;
 * PostgreSQL evaluates a volatile output column after the ORDER BY, so ids follow the file.
 */
const NUMBERED_CHUNK = `
  SELECT s.*, CASE WHEN s.student_id IS NULL THEN nextval('${STUDENT_NUMBER_SEQUENCE}') END AS n
  FROM ${STAGING_TABLE} s
  WHERE ${CHUNK}
  ORDER BY s.row_no
  OFFSET 0`;

/**
 * Inserts the rows of one chunk whose Student_ID is new, with placeholder names where the
 * file has none; a row without a Student_ID gets the next generated id (`STU` and at least 4
 * digits). Numbering here, not by an UPDATE of the staged rows before the merge, spares
 * writing every staged row a second time (about 0.4 s of an import of 94,000 new rows).
 */
export const INSERT_SQL = insertStudentsSql(
  `(SELECT q.row_no, ${FIELDS.map((field) =>
    field === 'student_id'
      ? `COALESCE(q.student_id, 'STU' || lpad(q.n::text, GREATEST(4, length(q.n::text)), '0')) AS student_id`
      : `q.${field}`,
  ).join(', ')} FROM (${NUMBERED_CHUNK}) q)`,
  { onConflict: 'fail', returning: false },
);
