import type { FieldError } from '../../common/errors/domain-error';
import type { SqlParams } from '../../common/sql/sql-params';
import { ValidationFailedError } from '../../common/errors/validation-failed.error';
import type { StudentFilters } from '../../students/student-filters';
import { studentWhere } from '../analytics-sql';
import type { PerformancePeriodDto } from '../dto/performance-period.dto';
import type { TrendInterval } from '../dto/performance-trends-query.dto';
import { round } from '../round';

/** The time range of a trend: `from` inclusive; `to` exclusive or inclusive. */
export interface TrendRange {
  from?: Date;
  to?: Date;
  toInclusive: boolean;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const HAS_ZONE = /(Z|[+-]\d{2}(:?\d{2})?)$/i;
const DAY_MS = 24 * 60 * 60 * 1000;

/** An ISO 8601 date-time without a zone is read as UTC, like a plain date. */
function parseInstant(text: string): Date {
  return new Date(DATE_ONLY.test(text) || HAS_ZONE.test(text) ? text : `${text}Z`);
}

/**
 * `from`/`to` query values as a range. A plain `to` date covers that whole day (UTC), so it
 * becomes the next midnight, exclusive. `from` after `to` is a 400.
 */
export function parseTrendRange(from: string | undefined, to: string | undefined): TrendRange {
  const range: TrendRange = { toInclusive: true };
  const errors: FieldError[] = [];
  if (from !== undefined) {
    range.from = parseInstant(from);
    if (Number.isNaN(range.from.getTime()))
      errors.push({ field: 'from', message: 'from is not a valid date' });
  }
  if (to !== undefined) {
    const instant = parseInstant(to);
    if (Number.isNaN(instant.getTime())) {
      errors.push({ field: 'to', message: 'to is not a valid date' });
    } else if (DATE_ONLY.test(to)) {
      range.to = new Date(instant.getTime() + DAY_MS);
      range.toInclusive = false;
    } else {
      range.to = instant;
    }
  }
  if (errors.length === 0 && range.from && range.to) {
    const empty = range.toInclusive ? range.from > range.to : range.from >= range.to;
    if (empty) errors.push({ field: 'from', message: 'from must not be after to' });
  }
  if (errors.length > 0) throw new ValidationFailedError(errors);
  return range;
}

/** The placeholders of a range's bounds, each bound added to the parameters once. */
interface RangeBounds {
  from?: string;
  to?: string;
  toInclusive: boolean;
}

function rangeBounds(range: TrendRange, params: SqlParams): RangeBounds {
  return {
    from: range.from && params.add(range.from),
    to: range.to && params.add(range.to),
    toInclusive: range.toInclusive,
  };
}

function rangeSql(column: string, bounds: RangeBounds): string {
  const conditions = ['TRUE'];
  if (bounds.from) conditions.push(`${column} >= ${bounds.from}`);
  if (bounds.to) conditions.push(`${column} ${bounds.toInclusive ? '<=' : '<'} ${bounds.to}`);
  return conditions.join(' AND ');
}

/**
 * The CTE `students` of the students matching the filters, and the join of a row's student to
 * it. Without filters there is neither: student_profile_id is NOT NULL and references
 * student_profiles, so every row has its student, and materialising and joining 100,000
 * students only to keep them all costs more than the aggregation itself.
 */
function studentsScope(
  filters: StudentFilters,
  params: SqlParams,
): { sql: string; join: (alias: string) => string } {
  const where = studentWhere(filters, params);
  if (where === 'TRUE') return { sql: '', join: () => '' };
  return {
    sql: `students AS (SELECT s.id FROM student_profiles s WHERE ${where}),`,
    join: (alias) => `JOIN students ON students.id = ${alias}.student_profile_id`,
  };
}

const LABEL_FORMAT: Record<Exclude<TrendInterval, 'term'>, string> = {
  month: 'YYYY-MM',
  week: 'IYYY-"W"IW',
};

export interface TrendRow {
  period: string;
  period_start: Date | string;
  period_end: Date | string;
  records: number;
  students: number;
  mean_exam_score: number | null;
  mean_attendance: number | null;
  mean_hours_studied: number | null;
  predictions: number | null;
  mean_predicted_score: number | null;
}

/**
 * The performance records of the matching students per week or month (UTC) of recorded_at,
 * or per term label, oldest first; for weeks and months also the predictions stored in each.
 * Values go to `params`, each once however often the text uses it.
 */
export function performanceTrendsQuery(
  filters: StudentFilters,
  interval: TrendInterval,
  range: TrendRange,
  params: SqlParams,
): string {
  const scope = studentsScope(filters, params);
  const recordColumns = `pr.student_profile_id, pr.exam_score, pr.attendance, pr.hours_studied`;
  const recordStats = `count(*)::int AS records,
        count(DISTINCT student_profile_id)::int AS students,
        avg(exam_score) AS mean_exam_score,
        avg(attendance) AS mean_attendance,
        avg(hours_studied) AS mean_hours_studied`;

  if (interval === 'term') {
    const bounds = rangeBounds(range, params);
    return `
      WITH ${scope.sql}
      records AS (
        SELECT COALESCE(pr.term, 'Unknown') AS term, pr.recorded_at, ${recordColumns}
        FROM performance_records pr
        ${scope.join('pr')}
        WHERE ${rangeSql('pr.recorded_at', bounds)}
      )
      SELECT term AS period,
        min(recorded_at) AS period_start,
        max(recorded_at) AS period_end,
        ${recordStats},
        NULL::int AS predictions,
        NULL::float8 AS mean_predicted_score
      FROM records
      GROUP BY term
      ORDER BY min(recorded_at), term`;
  }

  const unit = params.add(interval);
  const bounds = rangeBounds(range, params);
  const label = params.add(LABEL_FORMAT[interval]);
  return `
    WITH ${scope.sql}
    records AS (
      SELECT date_trunc(${unit}::text, pr.recorded_at AT TIME ZONE 'UTC') AS bucket, ${recordColumns}
      FROM performance_records pr
      ${scope.join('pr')}
      WHERE ${rangeSql('pr.recorded_at', bounds)}
    ),
    record_stats AS (
      SELECT bucket, ${recordStats}
      FROM records
      GROUP BY bucket
    ),
    prediction_stats AS (
      SELECT date_trunc(${unit}::text, p.prediction_date AT TIME ZONE 'UTC') AS bucket,
        count(*)::int AS predictions,
        avg(p.predicted_score) AS mean_predicted_score
      FROM predictions p
      ${scope.join('p')}
      WHERE ${rangeSql('p.prediction_date', bounds)}
      GROUP BY 1
    ),
    buckets AS (
      SELECT bucket FROM record_stats UNION SELECT bucket FROM prediction_stats
    )
    SELECT to_char(b.bucket, ${label}::text) AS period,
      to_char(b.bucket, 'YYYY-MM-DD') AS period_start,
      to_char(b.bucket + ('1 ' || ${unit}::text)::interval, 'YYYY-MM-DD') AS period_end,
      COALESCE(r.records, 0) AS records,
      COALESCE(r.students, 0) AS students,
      r.mean_exam_score,
      r.mean_attendance,
      r.mean_hours_studied,
      COALESCE(ps.predictions, 0) AS predictions,
      ps.mean_predicted_score
    FROM buckets b
    LEFT JOIN record_stats r ON r.bucket = b.bucket
    LEFT JOIN prediction_stats ps ON ps.bucket = b.bucket
    ORDER BY b.bucket`;
}

/** A timestamptz (a Date) or a UTC day (`2025-03-01`) as an ISO date-time. */
function isoInstant(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : `${value}T00:00:00.000Z`;
}

export function toPerformancePeriod(row: TrendRow): PerformancePeriodDto {
  return {
    period: row.period,
    period_start: isoInstant(row.period_start),
    period_end: isoInstant(row.period_end),
    records: row.records,
    students: row.students,
    mean_exam_score: round(row.mean_exam_score),
    mean_attendance: round(row.mean_attendance),
    mean_hours_studied: round(row.mean_hours_studied),
    predictions: row.predictions,
    mean_predicted_score: round(row.mean_predicted_score),
  };
}
