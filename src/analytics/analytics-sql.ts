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
 * column): DISTINCT ON the student, newest prediction_date first (ties by id, so stable).
 * `allStudents` (no student filter) leaves out the join: student_profile_id is NOT NULL and
 * references student_profiles, so every prediction has its student and the join keeps all.
 */
export function latestPredictionsSql(columns: string, allStudents = false): string {
  const join = allStudents ? '' : 'JOIN students ON students.id = p.student_profile_id';
  return `SELECT DISTINCT ON (p.student_profile_id) p.student_profile_id, ${columns}
    FROM predictions p
    ${join}
    ORDER BY p.student_profile_id, p.prediction_date DESC, p.id DESC`;
}
