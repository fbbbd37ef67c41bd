/** `STU0001` style: STU followed by at least four digits. */
export const STUDENT_ID_PATTERN = /^STU\d{4,}$/;

/** The PostgreSQL sequence that numbers generated student ids. */
export const STUDENT_NUMBER_SEQUENCE = 'student_profiles_student_number_seq';

/** `7` → `STU0007`, `12345` → `STU12345`: at least four digits, never truncated. */
export function formatStudentId(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`invalid student number ${n}`);
  return `STU${String(n).padStart(4, '0')}`;
}

/** The number of a `STU0007`-style id, or undefined for anything else. */
export function studentNumberOf(studentId: string): number | undefined {
  if (!STUDENT_ID_PATTERN.test(studentId)) return undefined;
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
 * does not make every later generated id huge.
 */
export async function syncStudentNumberSequence(db: SqlRunner): Promise<void> {
  await db.query(
    `WITH taken AS (SELECT substring(student_id FROM 4)::bigint AS n FROM student_profiles),
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
