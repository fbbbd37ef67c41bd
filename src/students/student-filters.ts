import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ValidationFailedError } from '../common/errors/validation-failed.error';
import type { FieldError } from '../common/errors/domain-error';
import { STUDENT_FIELD_SPECS } from './dto/student-field-specs';
import type {
  DistanceFromHome,
  Gender,
  Level,
  ParentalEducationLevel,
  PeerInfluence,
  SchoolType,
} from './factor-catalogue';
import { escapeLike } from '../common/sql/escape-like';

/** The filters of the students list (see StudentFilterDto for their documentation). */
export interface StudentFilters {
  search?: string;
  gender?: Gender[];
  parental_involvement?: Level[];
  access_to_resources?: Level[];
  motivation_level?: Level[];
  family_income?: Level[];
  teacher_quality?: Level[];
  school_type?: SchoolType[];
  peer_influence?: PeerInfluence[];
  parental_education_level?: ParentalEducationLevel[];
  distance_from_home?: DistanceFromHome[];
  extracurricular_activities?: boolean;
  internet_access?: boolean;
  learning_disabilities?: boolean;
  min_hours_studied?: number;
  max_hours_studied?: number;
  min_attendance?: number;
  max_attendance?: number;
  min_sleep_hours?: number;
  max_sleep_hours?: number;
  min_previous_scores?: number;
  max_previous_scores?: number;
  min_tutoring_sessions?: number;
  max_tutoring_sessions?: number;
  min_physical_activity?: number;
  max_physical_activity?: number;
  min_exam_score?: number;
  max_exam_score?: number;
  min_age?: number;
  max_age?: number;
}

/** Enum filters: the filter name is also the column name. */
export const ENUM_FILTERS = [
  'gender',
  'parental_involvement',
  'access_to_resources',
  'motivation_level',
  'family_income',
  'teacher_quality',
  'school_type',
  'peer_influence',
  'parental_education_level',
  'distance_from_home',
] as const;

export const BOOLEAN_FILTERS = [
  'extracurricular_activities',
  'internet_access',
  'learning_disabilities',
] as const;

/** Numeric columns with min_/max_ filters. */
export const RANGE_FILTERS = [
  'hours_studied',
  'attendance',
  'sleep_hours',
  'previous_scores',
  'tutoring_sessions',
  'physical_activity',
  'exam_score',
  'age',
] as const;

function isIntegerField(name: (typeof RANGE_FILTERS)[number]): boolean {
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
