import { toPage } from '../../common/pagination/page';
import type { SqlParams } from '../../common/sql/sql-params';
import type { StudentFilters } from '../../students/student-filters';
import { latestPredictionsSql, studentWhere } from '../analytics-sql';
import type { AtRiskStudentDto } from '../dto/at-risk-student.dto';
import type { RiskAnalyticsResponseDto } from '../dto/risk-analytics-response.dto';
import { RISK_LEVELS, type RiskLevelName } from '../risk-levels';
import { round } from '../round';

export interface RiskSummaryRow {
  students: number;
  risk_high: number;
  risk_medium: number;
  risk_low: number;
  predicted: number;
  alerts_high: number;
  alerts_medium: number;
  alerts_low: number;
  alerts_total: number;
}

export interface AtRiskRow {
  student_id: string;
  first_name: string;
  last_name: string;
  predicted_score: number;
  risk_level: RiskLevelName;
  confidence_level: number;
  prediction_date: Date;
  model_version: string;
  open_alerts: number;
}

/** One row of the risk statement: the summary, and one student of the page (or NULLs). */
export interface RiskRow {
  students: number;
  risk_high: number;
  risk_medium: number;
  risk_low: number;
  predicted: number;
  alerts_high: number;
  alerts_medium: number;
  alerts_low: number;
  alerts_total: number;
  student_id: string | null;
  first_name: string;
  last_name: string;
  predicted_score: number;
  risk_level: RiskLevelName;
  confidence_level: number;
  prediction_date: Date;
  model_version: string;
  open_alerts: number;
}

const ORDER = `CASE risk_level WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, predicted_score, student_id`;

/**
 * One statement (one snapshot, the latest predictions computed once): the number of matching
 * students, the risk levels of their latest predictions, their open alerts by severity, and
 * one page of those with a latest prediction at one of `levels`, high risk first, then by
 * predicted score (lowest first), with each one's open alerts. The summary is repeated on
 * every row; an empty page is one row whose student columns are NULL. Values go to `params`.
 * `latest` holds the matching students' predictions only, so the page reads the names of its
 * students by primary key rather than carrying every matching student's names along.
 */
export function riskQuery(
  filters: StudentFilters,
  levels: readonly RiskLevelName[],
  page: number,
  perPage: number,
  params: SqlParams,
): string {
  const where = studentWhere(filters, params);
  const allStudents = where === 'TRUE';
  const alertsOfStudents = allStudents
    ? ''
    : 'JOIN students ON students.id = al.student_profile_id';
  return `
    WITH students AS (
      SELECT s.id
      FROM student_profiles s
      WHERE ${where}
    ),
    latest AS MATERIALIZED (${latestPredictionsSql(
      'p.predicted_score, p.risk_level, p.confidence_level, p.prediction_date, p.model_version',
      allStudents,
    )}),
    summary AS (
      SELECT (SELECT count(*)::int FROM students) AS students, r.*, a.*
      FROM (
        SELECT (count(*) FILTER (WHERE risk_level = 'high'))::int AS risk_high,
          (count(*) FILTER (WHERE risk_level = 'medium'))::int AS risk_medium,
          (count(*) FILTER (WHERE risk_level = 'low'))::int AS risk_low,
          count(*)::int AS predicted
        FROM latest
      ) r
      CROSS JOIN (
        SELECT (count(*) FILTER (WHERE al.severity = 'high'))::int AS alerts_high,
          (count(*) FILTER (WHERE al.severity = 'medium'))::int AS alerts_medium,
          (count(*) FILTER (WHERE al.severity = 'low'))::int AS alerts_low,
          count(*)::int AS alerts_total
        FROM alerts al
        ${alertsOfStudents}
        WHERE al.status = 'open'
      ) a
    ),
    page AS (
      SELECT s.id, s.student_id, s.first_name, s.last_name,
        l.predicted_score, l.risk_level, l.confidence_level, l.prediction_date, l.model_version
      FROM latest l
      JOIN student_profiles s ON s.id = l.student_profile_id
      WHERE l.risk_level IN (${levels.map((level) => params.add(level)).join(', ')})
      ORDER BY ${ORDER}
      LIMIT ${params.add(perPage)}::int OFFSET ${params.add((page - 1) * perPage)}::int
    ),
    page_rows AS (
      SELECT page.student_id, page.first_name, page.last_name, page.predicted_score,
        page.risk_level, page.confidence_level, page.prediction_date, page.model_version,
        (SELECT count(*)::int FROM alerts al
          WHERE al.student_profile_id = page.id AND al.status = 'open') AS open_alerts
      FROM page
    )
    SELECT summary.*, page_rows.*
    FROM summary
    LEFT JOIN page_rows ON TRUE
    ORDER BY ${ORDER}`;
}

function toAtRiskStudent(row: RiskRow & { student_id: string }): AtRiskStudentDto {
  return {
    student_id: row.student_id,
    first_name: row.first_name,
    last_name: row.last_name,
    predicted_score: round(row.predicted_score) ?? 0,
    risk_level: row.risk_level,
    confidence_level: round(row.confidence_level, 3) ?? 0,
    prediction_date: row.prediction_date.toISOString(),
    model_version: row.model_version,
    open_alerts: row.open_alerts,
  };
}

export function toRiskAnalyticsResponse(
  rows: RiskRow[],
  levels: readonly RiskLevelName[],
  page: number,
  perPage: number,
): RiskAnalyticsResponseDto {
  const [summary] = rows;
  const students = rows.filter((r): r is RiskRow & { student_id: string } => r.student_id !== null);
  const distribution = {
    high: summary.risk_high,
    medium: summary.risk_medium,
    low: summary.risk_low,
    unpredicted: summary.students - summary.predicted,
  };
  // The list holds exactly the predicted students at the levels asked for.
  const total = RISK_LEVELS.filter((l) => levels.includes(l)).reduce(
    (sum, l) => sum + distribution[l],
    0,
  );
  return {
    students: summary.students,
    distribution,
    open_alerts: {
      high: summary.alerts_high,
      medium: summary.alerts_medium,
      low: summary.alerts_low,
      total: summary.alerts_total,
    },
    ...toPage(students.map(toAtRiskStudent), total, page, perPage),
  };
}
