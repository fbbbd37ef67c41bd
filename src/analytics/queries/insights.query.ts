import type { SqlParams } from '../../common/sql/sql-params';
import type { StudentFilters } from '../../students/student-filters';
import {
  GROUPED_FACTORS,
  NUMERIC_FACTORS,
  findFactor,
  type NumericFactor,
} from '../analytics-factors';
import { quoteIdent } from '../../common/sql/quote-ident';
import { col, studentWhere } from '../analytics-sql';
import type { InsightDto, InsightKind } from '../dto/insight.dto';
import type { InsightsResponseDto } from '../dto/insights-response.dto';
import { correlationMessage, groupGapMessage } from '../insight-messages';
import { round } from '../round';
import { groupColumnsSql, groupingSetsSql } from './grouping-sets';

/** A correlation needs at least this many students with a score to be reported. */
export const MIN_CORRELATION_STUDENTS = 3;

export interface InsightRow {
  students: number;
  with_exam_score: number;
  /** NULL (with every column below) when no factor yields an insight. */
  factor: string | null;
  kind: InsightKind | null;
  strength: number | null;
  n: number | null;
  correlation: number | null;
  slope: number | null;
  higher_value: string | null;
  higher_n: number | null;
  higher_mean: number | null;
  lower_value: string | null;
  lower_n: number | null;
  lower_mean: number | null;
}

/** corr and regr_slope of every numeric factor in one aggregate row over `source`, unpivoted to rows. */
function numericStatsSql(factors: readonly NumericFactor[], source: string): string {
  const aggregates = factors
    .map((f, i) => {
      const x = quoteIdent(f.name);
      return `regr_count(exam_score, ${x})::int AS n_${i}, corr(exam_score, ${x}) AS r_${i}, regr_slope(exam_score, ${x}) AS slope_${i}`;
    })
    .join(',\n        ');
  const unpivot = factors
    .map((f, i) => `('${f.name}', a.n_${i}, a.r_${i}, a.slope_${i})`)
    .join(', ');
  return `SELECT f.factor, f.n, f.r, f.slope
      FROM (SELECT ${aggregates} FROM ${source}) a
      CROSS JOIN LATERAL (VALUES ${unpivot}) AS f(factor, n, r, slope)`;
}

/** Per group: the scores' count and mean; students and var_pop serve the grand total. */
const GROUP_AGGREGATES =
  'count(exam_score)::int AS n, avg(exam_score) AS mean, count(*)::int AS students, var_pop(exam_score) AS var';

/**
 * The groups of every grouped factor, and the grand total (factor NULL), by two grouping-sets
 * scans of the matching students (half of the factors each) joined by UNION ALL, which
 * PostgreSQL can run at once in two parallel workers (Parallel Append). Each group's
 * aggregates see its rows in scan order, as the one grouping-sets scan of all factors did.
 */
function groupsSql(where: string): string {
  const half = Math.ceil(GROUPED_FACTORS.length / 2);
  const parts = [GROUPED_FACTORS.slice(0, half), GROUPED_FACTORS.slice(half)];
  return parts
    .map((specs, i) => {
      const source = `(SELECT ${groupColumnsSql(specs)}, s.exam_score
        FROM student_profiles s WHERE ${where}) AS students`;
      return `SELECT * FROM (${groupingSetsSql(specs, GROUP_AGGREGATES, source, i === 1)}) AS part`;
    })
    .join('\n      UNION ALL\n      ');
}

/**
 * Every factor's effect on the exam score, ranked, in one statement over the matching students:
 * - numeric factors: correlation and least-squares slope (strength |r|);
 * - grouped factors: the highest and lowest group means among groups with at least
 *   `minGroupSize` scores, and the correlation ratio η = sqrt(between-group sum of squares /
 *   total sum of squares) over all groups as strength, on the same 0–1 scale as |r|.
 * The students are read by three scans, each of the columns it needs (the numeric factors'
 * one may be split among parallel workers), rather than materialized once with every column.
 * Values go to `params`.
 */
export function insightsQuery(
  filters: StudentFilters,
  limit: number,
  minGroupSize: number,
  params: SqlParams,
): string {
  const where = studentWhere(filters, params);
  const numericColumns = NUMERIC_FACTORS.map(
    (f) => `${col('s', f.name)}::float8 AS ${quoteIdent(f.name)}`,
  ).join(', ');
  const numericSource = `(SELECT ${numericColumns}, s.exam_score
        FROM student_profiles s WHERE ${where}) AS students`;
  const big = `g.n >= ${params.add(minGroupSize)}::int`;
  return `
    WITH grouped AS MATERIALIZED (
      ${groupsSql(where)}
    ),
    totals AS (
      SELECT students, n AS with_exam_score, mean, var * n AS ss_total
      FROM grouped
      WHERE factor IS NULL
    ),
    numeric_stats AS (${numericStatsSql(NUMERIC_FACTORS, numericSource)}),
    groups AS (
      SELECT factor, value, n, mean FROM grouped
      WHERE factor IS NOT NULL AND n > 0
    ),
    group_stats AS (
      SELECT g.factor,
        sum(g.n)::int AS n,
        sqrt(sum(g.n * (g.mean - t.mean) ^ 2) / NULLIF(t.ss_total, 0)) AS eta,
        count(*) FILTER (WHERE ${big}) AS comparable,
        (array_agg(g.value ORDER BY g.mean DESC, g.value) FILTER (WHERE ${big}))[1] AS higher_value,
        (array_agg(g.n ORDER BY g.mean DESC, g.value) FILTER (WHERE ${big}))[1] AS higher_n,
        max(g.mean) FILTER (WHERE ${big}) AS higher_mean,
        (array_agg(g.value ORDER BY g.mean ASC, g.value) FILTER (WHERE ${big}))[1] AS lower_value,
        (array_agg(g.n ORDER BY g.mean ASC, g.value) FILTER (WHERE ${big}))[1] AS lower_n,
        min(g.mean) FILTER (WHERE ${big}) AS lower_mean
      FROM groups g CROSS JOIN totals t
      GROUP BY g.factor, t.mean, t.ss_total
    ),
    insights AS (
      SELECT factor, 'correlation' AS kind, abs(r) AS strength, n, r AS correlation, slope,
        NULL::text AS higher_value, NULL::int AS higher_n, NULL::float8 AS higher_mean,
        NULL::text AS lower_value, NULL::int AS lower_n, NULL::float8 AS lower_mean
      FROM numeric_stats
      WHERE r IS NOT NULL AND slope IS NOT NULL AND n >= ${MIN_CORRELATION_STUDENTS}
      UNION ALL
      SELECT factor, 'group_gap', eta, n, NULL, NULL,
        higher_value, higher_n, higher_mean, lower_value, lower_n, lower_mean
      FROM group_stats
      WHERE eta IS NOT NULL AND comparable >= 2 AND higher_mean > lower_mean
    )
    SELECT t.students, t.with_exam_score, i.*
    FROM totals t
    LEFT JOIN insights i ON TRUE
    ORDER BY i.strength DESC NULLS LAST, i.factor
    LIMIT ${params.add(limit)}::int`;
}

function toInsight(row: InsightRow): InsightDto | null {
  const spec = row.factor === null ? undefined : findFactor(row.factor);
  if (!spec || row.strength === null || row.n === null) return null;
  const base = { factor: spec.name, strength: round(row.strength, 3) ?? 0, students: row.n };
  if (row.kind === 'correlation' && spec.kind === 'numeric') {
    const correlation = round(row.correlation, 3) ?? 0;
    const slope = round(row.slope, 3) ?? 0;
    return {
      ...base,
      kind: 'correlation',
      message: correlationMessage(spec, row.slope ?? 0, row.correlation ?? 0),
      correlation,
      slope,
      gap: null,
    };
  }
  if (row.kind !== 'group_gap' || spec.kind === 'numeric') return null;
  const higher = groupMean(row.higher_value, row.higher_n, row.higher_mean);
  const lower = groupMean(row.lower_value, row.lower_n, row.lower_mean);
  if (!higher || !lower) return null;
  return {
    ...base,
    kind: 'group_gap',
    message: groupGapMessage(spec, toMean(higher), toMean(lower)),
    correlation: null,
    slope: null,
    gap: round(higher.mean_exam_score - lower.mean_exam_score) ?? 0,
    higher_group: higher,
    lower_group: lower,
  };
}

function groupMean(value: string | null, n: number | null, mean: number | null) {
  const rounded = round(mean);
  if (value === null || n === null || rounded === null) return null;
  return { value, students: n, mean_exam_score: rounded };
}

function toMean(group: { value: string; mean_exam_score: number }) {
  return { value: group.value, mean: group.mean_exam_score };
}

export function toInsightsResponse(rows: InsightRow[]): InsightsResponseDto {
  return {
    students: rows[0]?.students ?? 0,
    with_exam_score: rows[0]?.with_exam_score ?? 0,
    insights: rows.map(toInsight).filter((i): i is InsightDto => i !== null),
  };
}
