/** The longest student id. */
export const STUDENT_ID_MAX_LENGTH = 32;

/**
 * A student id: the school's own identifier (`2024-0012`, `S12345`), 1 to 32 letters, digits,
 * `-`, `_` or `.`; unique whatever the case (`S12345` and `s12345` are one student). Ids are
 * generated as `STU0001` when none is given.
 */
export const STUDENT_ID_PATTERN = /^[A-Za-z0-9._-]{1,32}$/;

/** The same rule as STUDENT_ID_PATTERN, for the database CHECK. */
export const STUDENT_ID_SQL_PATTERN = '^[A-Za-z0-9._-]{1,32}$';

/** What a bad id is told (API and import). */
export const STUDENT_ID_RULE = "1 to 32 letters, digits, '-', '_' or '.'";

/**
 * SQL: the student id in `column` is `value` (a parameter or another column) whatever the case,
 * as every lookup by id compares them. The unique index on lower(student_id) serves it when
 * `column` is student_profiles' own (through STUDENT_PROFILES too).
 */
export function sameStudentIdSql(column: string, value: string): string {
  return `lower(${column}) = lower(${value})`;
}

/**
 * Ids that the generated numbering may collide with: `STU` (any case, since ids are unique
 * whatever the case) and 1 to 18 digits, so the number always fits a bigint.
 */
export const NUMBERED_ID_SQL_PATTERN = '^[Ss][Tt][Uu][0-9]{1,18}$';

/**
 * SQL: the number of a numbered id in `column`, null for any other id. The CASE keeps the cast
 * away from the school's ids however the planner orders the conditions.
 */
export function studentNumberSql(column: string): string {
  return `(CASE WHEN ${column} ~ '${NUMBERED_ID_SQL_PATTERN}' THEN substring(${column} FROM 4)::bigint END)`;
}

const GENERATED_ID_PATTERN = /^STU\d{4,}$/;

/** The PostgreSQL sequence that numbers generated student ids. */
export const STUDENT_NUMBER_SEQUENCE = 'student_profiles_student_number_seq';

/** `7` → `STU0007`, `12345` → `STU12345`: at least four digits, never truncated. */
export function formatStudentId(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`invalid student number ${n}`);
  return `STU${String(n).padStart(4, '0')}`;
}

/** The number of a `STU0007`-style id, or undefined for anything else (the school's own ids). */
export function studentNumberOf(studentId: string): number | undefined {
  if (!GENERATED_ID_PATTERN.test(studentId)) return undefined;
  const n = Number(studentId.slice(3));
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Something that runs SQL: an EntityManager, a DataSource or a QueryRunner. */
interface SqlRunner {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/** The next number of the sequence (never handed out twice, even across transactions). */
export async function nextStudentNumber(db: SqlRunner): Promise<number> {
  const rows = await db.query<{ n: string }[]>(`SELECT nextval('${STUDENT_NUMBER_SEQUENCE}') AS n`);
  return Number(rows[0].n);
}

/**
 * Moves the sequence to the first free number at or after its position, after ids were given
 * explicitly (seed, import, a client's own ids) and a generated one collided. It looks for the
 * first gap rather than jumping past the highest id, so one far-off explicit id (STU99999999)
 * does not make every later generated id huge. Only `STU`-numbered ids count (see
 * NUMBERED_ID_SQL_PATTERN): the school's own ids never collide with generated ones.
 */
export async function syncStudentNumberSequence(db: SqlRunner): Promise<void> {
  await db.query(
    `WITH taken AS (SELECT ${studentNumberSql('student_id')} AS n FROM student_profiles
                   WHERE student_id ~ '${NUMBERED_ID_SQL_PATTERN}'),
          start AS (SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END AS n
                      FROM ${STUDENT_NUMBER_SEQUENCE})
     SELECT setval('${STUDENT_NUMBER_SEQUENCE}', (
       SELECT min(c.n) FROM (
         SELECT start.n FROM start
         UNION ALL
         SELECT t.n + 1 FROM taken t, start WHERE t.n >= start.n
       ) c
       WHERE NOT EXISTS (SELECT 1 FROM taken u WHERE u.n = c.n)
     ), false)`,
  );
}
