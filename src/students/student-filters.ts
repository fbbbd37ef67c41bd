import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ValidationFailedError } from '../common/errors/validation-failed.error';
import type { FieldError } from '../common/errors/domain-error';
import { escapeLike } from '../common/sql/escape-like';
import { STUDENT_FIELD_SPECS } from './dto/student-field-specs';
import {
  BOOLEAN_FACTOR_NAMES,
  type BooleanFactorName,
  CATEGORY_FACTOR_NAMES,
  type CategoryFactorName,
  NUMERIC_FACTOR_NAMES,
  type NumericFactorName,
  type StudentFactors,
} from './factor-catalogue';

/** Numeric columns with min_/max_ filters: the numeric factors, the exam score and the age. */
export const RANGE_FILTERS = [...NUMERIC_FACTOR_NAMES, 'exam_score', 'age'] as const;
type RangeFilter = NumericFactorName | 'exam_score' | 'age';

/**
 * The filters of the students list (see StudentFilterDto for their documentation): search,
 * one list of values per category factor, one value per boolean factor, min_/max_ per range.
 */
export type StudentFilters = { search?: string } & {
  [N in CategoryFactorName]?: NonNullable<StudentFactors[N]>[];
} & { [N in BooleanFactorName]?: boolean } & {
  [N in RangeFilter as `min_${N}` | `max_${N}`]?: number;
};

/** Enum filters: the filter name is also the column name. */
export const ENUM_FILTERS = CATEGORY_FACTOR_NAMES;

export const BOOLEAN_FILTERS = BOOLEAN_FACTOR_NAMES;

function isIntegerField(name: RangeFilter): boolean {
  const spec = STUDENT_FIELD_SPECS[name];
  return spec.kind === 'number' && spec.integer;
}

/** One SQL condition with its own uniquely named parameters. */
export interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/**
 * The WHERE conditions for `filters` on the student_profiles table aliased `alias`, all
 * parameterised (parameters are prefixed `sf_` so they do not clash with the caller's).
 * A min_ above its max_ is a 400 naming both parameters.
 */
export function studentFilterConditions(filters: StudentFilters, alias: string): SqlCondition[] {
  const col = (name: string) => `${quote(alias)}.${quote(name)}`;
  const conditions: SqlCondition[] = [];
  const errors: FieldError[] = [];

  const search = filters.search?.trim();
  if (search) {
    // One expression, the same as the trigram index's (see the StudentSearch migration), so
    // a substring search over 100,000 students is an index scan.
    conditions.push({
      sql: `(${col('first_name')} || ' ' || ${col('last_name')} || ' ' || ${col('student_id')}) ILIKE :sf_search`,
      params: { sf_search: `%${escapeLike(search)}%` },
    });
  }
  for (const name of ENUM_FILTERS) {
    const values = filters[name];
    if (values === undefined || values.length === 0) continue;
    conditions.push({
      sql: `${col(name)} IN (:...sf_${name})`,
      params: { [`sf_${name}`]: values },
    });
  }
  for (const name of BOOLEAN_FILTERS) {
    const value = filters[name];
    if (value === undefined) continue;
    conditions.push({ sql: `${col(name)} = :sf_${name}`, params: { [`sf_${name}`]: value } });
  }
  for (const name of RANGE_FILTERS) {
    const min = filters[`min_${name}`];
    const max = filters[`max_${name}`];
    if (min !== undefined && max !== undefined && min > max) {
      errors.push({ field: `min_${name}`, message: `min_${name} must not exceed max_${name}` });
      continue;
    }
    // An integer column compares with whole numbers only (PostgreSQL refuses 1.5 as an
    // integer): "at least 1.5" is "at least 2", "at most 1.5" is "at most 1".
    const integer = isIntegerField(name);
    if (min !== undefined) {
      conditions.push({
        sql: `${col(name)} >= :sf_min_${name}`,
        params: { [`sf_min_${name}`]: integer ? Math.ceil(min) : min },
      });
    }
    if (max !== undefined) {
      conditions.push({
        sql: `${col(name)} <= :sf_max_${name}`,
        params: { [`sf_max_${name}`]: integer ? Math.floor(max) : max },
      });
    }
  }
  if (errors.length > 0) throw new ValidationFailedError(errors);
  return conditions;
}

/**
 * Adds the students-list filters to a query on student_profiles (aliased `alias`, by default
 * the query's main alias). Everything happens in SQL, so counts and pages stay in the database.
 */
export function applyStudentFilters<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  filters: StudentFilters,
  alias: string = qb.alias,
): SelectQueryBuilder<T> {
  for (const condition of studentFilterConditions(filters, alias)) {
    qb.andWhere(condition.sql, condition.params);
  }
  return qb;
}
