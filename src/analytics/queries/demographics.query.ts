import type { SqlParams } from '../../common/sql/sql-params';
import type { StudentFilters } from '../../students/student-filters';
import {
  DEMOGRAPHIC_DIMENSIONS,
  groupedFactor,
  groupValuesInOrder,
  type DemographicDimension,
} from '../analytics-factors';
import { studentWhere } from '../analytics-sql';
import type { DemographicGroupDto } from '../dto/demographic-group.dto';
import type { DemographicsResponseDto } from '../dto/demographics-response.dto';
import { round } from '../round';
import { groupColumnsSql, groupingSetsSql } from './grouping-sets';

const SPECS = DEMOGRAPHIC_DIMENSIONS.map(groupedFactor);

export interface DemographicRow {
  /** NULL on the grand-total row. */
  factor: DemographicDimension | null;
  value: string | null;
  students: number;
  with_exam_score: number;
  mean_exam_score: number | null;
}

/**
 * Counts and mean exam score per value of every demographic dimension, in one scan. Values go
 * to `params`.
 */
export function demographicsQuery(filters: StudentFilters, params: SqlParams): string {
  return `
    WITH students AS (
      SELECT ${groupColumnsSql(SPECS)}, s.exam_score
      FROM student_profiles s
      WHERE ${studentWhere(filters, params)}
    )
    ${groupingSetsSql(
      SPECS,
      `count(*)::int AS students,
      count(exam_score)::int AS with_exam_score,
      avg(exam_score) AS mean_exam_score`,
    )}`;
}

export function toDemographicsResponse(rows: DemographicRow[]): DemographicsResponseDto {
  const total = rows.find((r) => r.factor === null);
  const students = total?.students ?? 0;
  const dimensions = {} as Record<DemographicDimension, DemographicGroupDto[]>;
  for (const spec of SPECS) {
    const name = spec.name as DemographicDimension;
    const byValue = new Map(
      rows.filter((r) => r.factor === name).map((r) => [r.value ?? '', r] as const),
    );
    dimensions[name] = groupValuesInOrder(spec, byValue.keys()).map((value) => {
      const row = byValue.get(value);
      const count = row?.students ?? 0;
      return {
        value,
        students: count,
        share: students > 0 ? (round(count / students, 3) ?? 0) : 0,
        mean_exam_score: round(row?.mean_exam_score),
      };
    });
  }
  return { students, with_exam_score: total?.with_exam_score ?? 0, dimensions };
}
