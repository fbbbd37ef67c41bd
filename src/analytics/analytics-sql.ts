import { quoteIdent } from '../common/sql/quote-ident';
import type { SqlParams } from '../common/sql/sql-params';
import { studentFilterSql, type StudentFilters } from '../students/student-filters';
import { NO, UNKNOWN_VALUE, YES, type GroupedFactor } from './analytics-factors';

/** `alias."column"`. */
export function col(alias: string, name: string): string {
  return `${quoteIdent(alias)}.${quoteIdent(name)}`;
}

/**
 * The students-list filters as one WHERE condition on student_profiles aliased `alias` (`TRUE`
 * without filters), its values added to `params`. The conditions are the students module's own
 * (studentFilterSql), so analytics counts exactly the students the list shows. A min_ above its
 * max_ is a 400 (thrown here).
 */
export function studentWhere(filters: StudentFilters, params: SqlParams, alias = 's'): string {
  const conditions = studentFilterSql(filters, alias, params);
  if (conditions.length === 0) return 'TRUE';
  return conditions.map((c) => `(${c})`).join(' AND ');
}

/**
 * The group a student falls in for a categorical or boolean factor, as text: the value itself,
 * "Yes"/"No" for booleans, "Unknown" for NULL.
 */
export function groupValueSql(spec: GroupedFactor, alias = 's'): string {
  const c = col(alias, spec.name);
  if (spec.kind === 'boolean') return `(CASE WHEN ${c} THEN '${YES}' ELSE '${NO}' END)`;
  if (spec.nullable) return `COALESCE(${c}::text, '${UNKNOWN_VALUE}')`;
  return `${c}::text`;
}

/**
 * The latest stored prediction of each student of the CTE `students` (which must have an `id`
 * column): the newest prediction_date of each student (ties by the highest id, so stable).
 * `columns` name the prediction's columns on the alias `p`. The newest date comes from the
 * (student_profile_id, prediction_date) index alone, and each student's row from one probe of
 * it, instead of reading and sorting every stored prediction with all its columns.
 * `allStudents` (no student filter) leaves out the join: student_profile_id is NOT NULL and
 * references student_profiles, so every prediction has its student and the join keeps all.
 */
export function latestPredictionsSql(columns: string, allStudents = false): string {
  const join = allStudents ? '' : 'JOIN students ON students.id = q.student_profile_id';
  return `SELECT m.student_profile_id, p.*
    FROM (
      SELECT q.student_profile_id, max(q.prediction_date) AS prediction_date
      FROM predictions q
      ${join}
      GROUP BY q.student_profile_id
    ) m
    CROSS JOIN LATERAL (
      SELECT ${columns}
      FROM predictions p
      WHERE p.student_profile_id = m.student_profile_id
        AND p.prediction_date = m.prediction_date
      ORDER BY p.id DESC
      LIMIT 1
    ) p`;
}
