import type { SqlParams } from '../../common/sql/sql-params';
import type { StudentFilters } from '../../students/student-filters';
import { quoteIdent } from '../../common/sql/quote-ident';
import { latestPredictionsSql, studentWhere } from '../analytics-sql';
import type { AnalyticsOverviewResponseDto } from '../dto/analytics-overview-response.dto';
import type { NumericSummaryDto } from '../dto/numeric-summary.dto';
import { round } from '../round';

const SUMMARISED = ['exam_score', 'attendance', 'hours_studied'] as const;
type Summarised = (typeof SUMMARISED)[number];
/** The percentiles of a summary, in the order of the array percentile_cont returns. */
const PERCENTILES = [0.1, 0.25, 0.5, 0.75, 0.9];

type SummaryColumns = {
  [K in `${Summarised}_${'count' | 'mean' | 'stddev' | 'min' | 'max'}`]: number | null;
} & { [K in `${Summarised}_percentiles`]: number[] | null };

export type OverviewRow = SummaryColumns & {
  students: number;
  with_exam_score: number;
  passed: number;
  pass_rate: number | null;
  risk_high: number;
  risk_medium: number;
  risk_low: number;
  predicted: number;
};

/** count, mean, stddev, min, max and five percentiles (one sort) of one column. */
function summarySql(column: Summarised): string {
  const c = quoteIdent(column);
  return `count(${c})::int AS ${column}_count,
    avg(${c}) AS ${column}_mean,
    stddev_samp(${c}) AS ${column}_stddev,
    min(${c})::float8 AS ${column}_min,
    max(${c})::float8 AS ${column}_max,
    percentile_cont(ARRAY[${PERCENTILES.join(', ')}]::float8[]) WITHIN GROUP (ORDER BY ${c}) AS ${column}_percentiles`;
}

/**
 * One statement: the summaries of the matching students, the pass count and rate against
 * `passMark`, and the risk levels of their latest predictions. Values go to `params`.
 */
export function overviewQuery(
  filters: StudentFilters,
  passMark: number,
  params: SqlParams,
): string {
  const where = studentWhere(filters, params);
  const mark = params.add(passMark);
  return `
    WITH students AS (
      SELECT s.id, s.exam_score, s.attendance, s.hours_studied
      FROM student_profiles s
      WHERE ${where}
    ),
    latest AS (${latestPredictionsSql('p.risk_level', where === 'TRUE')}),
    stats AS (
      SELECT count(*)::int AS students,
        count(exam_score)::int AS with_exam_score,
        (count(*) FILTER (WHERE exam_score >= ${mark}::float8))::int AS passed,
        (count(*) FILTER (WHERE exam_score >= ${mark}::float8))::float8
          / NULLIF(count(exam_score), 0) AS pass_rate,
        ${SUMMARISED.map(summarySql).join(',\n        ')}
      FROM students
    ),
    risk AS (
      SELECT (count(*) FILTER (WHERE risk_level = 'high'))::int AS risk_high,
        (count(*) FILTER (WHERE risk_level = 'medium'))::int AS risk_medium,
        (count(*) FILTER (WHERE risk_level = 'low'))::int AS risk_low,
        count(*)::int AS predicted
      FROM latest
    )
    SELECT * FROM stats CROSS JOIN risk`;
}

function toSummary(row: OverviewRow, column: Summarised): NumericSummaryDto {
  const p = row[`${column}_percentiles`] ?? [];
  return {
    count: row[`${column}_count`] ?? 0,
    mean: round(row[`${column}_mean`]),
    median: round(p[2]),
    stddev: round(row[`${column}_stddev`]),
    min: round(row[`${column}_min`]),
    max: round(row[`${column}_max`]),
    p10: round(p[0]),
    p25: round(p[1]),
    p75: round(p[3]),
    p90: round(p[4]),
  };
}

export function toOverviewResponse(
  row: OverviewRow,
  passMark: number,
): AnalyticsOverviewResponseDto {
  return {
    students: row.students,
    with_exam_score: row.with_exam_score,
    pass_mark: passMark,
    passed: row.passed,
    pass_rate: round(row.pass_rate, 3),
    exam_score: toSummary(row, 'exam_score'),
    attendance: toSummary(row, 'attendance'),
    hours_studied: toSummary(row, 'hours_studied'),
    at_risk: {
      high: row.risk_high,
      medium: row.risk_medium,
      low: row.risk_low,
      unpredicted: row.students - row.predicted,
    },
  };
}
