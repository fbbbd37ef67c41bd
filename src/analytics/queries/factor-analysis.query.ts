import type { SqlParams } from '../../common/sql/sql-params';
import type { StudentFilters } from '../../students/student-filters';
import {
  groupValuesInOrder,
  type FactorSpec,
  type GroupedFactor,
  type NumericFactor,
} from '../analytics-factors';
import { col, groupValueSql, studentWhere } from '../analytics-sql';
import type { FactorAnalysisResponseDto } from '../dto/factor-analysis-response.dto';
import type { FactorGroupDto } from '../dto/factor-group.dto';
import { round } from '../round';

export interface FactorGroupRow {
  value: string;
  students: number;
  with_exam_score: number;
  mean_exam_score: number | null;
  median_exam_score: number | null;
  stddev_exam_score: number | null;
}

interface BinJson {
  bin: number;
  bin_start: number;
  bin_end: number;
  students: number;
  with_exam_score: number;
  mean_exam_score: number | null;
}

export interface NumericFactorRow {
  students: number;
  with_exam_score: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  correlation: number | null;
  slope: number | null;
  intercept: number | null;
  r_squared: number | null;
  bins: BinJson[];
}

/** Exam scores per value of a categorical or boolean factor (one GROUP BY). */
export function groupedFactorQuery(
  spec: GroupedFactor,
  filters: StudentFilters,
  params: SqlParams,
): string {
  return `
    WITH students AS (
      SELECT ${groupValueSql(spec)} AS value, s.exam_score AS y
      FROM student_profiles s
      WHERE ${studentWhere(filters, params)}
    )
    SELECT value,
      count(*)::int AS students,
      count(y)::int AS with_exam_score,
      avg(y) AS mean_exam_score,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY y) AS median_exam_score,
      stddev_samp(y) AS stddev_exam_score
    FROM students
    GROUP BY value`;
}

/**
 * A numeric factor against the exam score: correlation, least-squares line, the factor's range,
 * and `bins` equal-width bins over min..max (width_bucket; the maximum goes in the last bin,
 * and one bin when all values are equal), every bin listed even when empty. One statement;
 * values go to `params`.
 */
export function numericFactorQuery(
  spec: NumericFactor,
  filters: StudentFilters,
  bins: number,
  params: SqlParams,
): string {
  const where = studentWhere(filters, params);
  return `
    WITH students AS (
      SELECT ${col('s', spec.name)}::float8 AS x, s.exam_score AS y
      FROM student_profiles s
      WHERE ${where}
    ),
    stats AS (
      SELECT count(*)::int AS students,
        count(y)::int AS with_exam_score,
        min(x) AS min, max(x) AS max, avg(x) AS mean,
        corr(y, x) AS correlation,
        regr_slope(y, x) AS slope,
        regr_intercept(y, x) AS intercept,
        regr_r2(y, x) AS r_squared
      FROM students
    ),
    layout AS (
      SELECT min AS lo, max AS hi,
        CASE WHEN min IS NULL THEN 0 WHEN min = max THEN 1 ELSE ${params.add(bins)}::int END AS n
      FROM stats
    ),
    binned AS (
      SELECT CASE WHEN l.n = 1 THEN 1 ELSE LEAST(width_bucket(st.x, l.lo, l.hi, l.n), l.n) END AS bin,
        count(*)::int AS students,
        count(st.y)::int AS with_exam_score,
        avg(st.y) AS mean_exam_score
      FROM students st CROSS JOIN layout l
      GROUP BY 1
    ),
    bins AS (
      SELECT COALESCE(json_agg(json_build_object(
          'bin', i,
          'bin_start', l.lo + (i - 1) * (l.hi - l.lo) / l.n,
          'bin_end', CASE WHEN i = l.n THEN l.hi ELSE l.lo + i * (l.hi - l.lo) / l.n END,
          'students', COALESCE(b.students, 0),
          'with_exam_score', COALESCE(b.with_exam_score, 0),
          'mean_exam_score', b.mean_exam_score
        ) ORDER BY i), '[]'::json) AS bins
      FROM layout l
      CROSS JOIN generate_series(1, l.n) AS i
      LEFT JOIN binned b ON b.bin = i
    )
    SELECT stats.*, bins.bins FROM stats CROSS JOIN bins`;
}

function toFactorGroup(value: string, row: FactorGroupRow | undefined): FactorGroupDto {
  return {
    value,
    students: row?.students ?? 0,
    with_exam_score: row?.with_exam_score ?? 0,
    mean_exam_score: round(row?.mean_exam_score),
    median_exam_score: round(row?.median_exam_score),
    stddev_exam_score: round(row?.stddev_exam_score),
  };
}

const NO_NUMERIC = {
  correlation: null,
  slope: null,
  intercept: null,
  r_squared: null,
  min: null,
  max: null,
  mean: null,
  bins: [],
};

export function toGroupedFactorResponse(
  spec: GroupedFactor,
  rows: FactorGroupRow[],
): FactorAnalysisResponseDto {
  const byValue = new Map(rows.map((r) => [r.value, r] as const));
  return {
    factor: spec.name,
    kind: spec.kind,
    students: rows.reduce((sum, r) => sum + r.students, 0),
    with_exam_score: rows.reduce((sum, r) => sum + r.with_exam_score, 0),
    groups: groupValuesInOrder(spec, byValue.keys()).map((v) => toFactorGroup(v, byValue.get(v))),
    ...NO_NUMERIC,
  };
}

export function toNumericFactorResponse(
  spec: FactorSpec,
  row: NumericFactorRow,
): FactorAnalysisResponseDto {
  return {
    factor: spec.name,
    kind: 'numeric',
    students: row.students,
    with_exam_score: row.with_exam_score,
    groups: [],
    correlation: round(row.correlation, 3),
    slope: round(row.slope, 3),
    intercept: round(row.intercept),
    r_squared: round(row.r_squared, 3),
    min: round(row.min),
    max: round(row.max),
    mean: round(row.mean),
    bins: row.bins.map((b) => ({
      bin: b.bin,
      bin_start: round(b.bin_start, 3) ?? 0,
      bin_end: round(b.bin_end, 3) ?? 0,
      students: b.students,
      with_exam_score: b.with_exam_score,
      mean_exam_score: round(b.mean_exam_score),
    })),
  };
}
