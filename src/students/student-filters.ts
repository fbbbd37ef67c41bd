import { ValidationFailedError } from '../common/errors/validation-failed.error';
import type { FieldError } from '../common/errors/domain-error';
import { escapeLike } from '../common/sql/escape-like';
import { quoteIdent } from '../common/sql/quote-ident';
import type { SqlParams } from '../common/sql/sql-params';
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

/**
 * One condition of the filters: `render` puts the placeholder of `value` (a list for IN) into
 * the SQL text.
 */
interface FilterCondition {
  value: unknown;
  render: (placeholder: string) => string;
}

/**
 * The conditions for `filters` on the student_profiles table aliased `alias`, every value a
 * parameter. A min_ above its max_ is a 400 naming both parameters.
 */
function filterConditions(filters: StudentFilters, alias: string): FilterCondition[] {
  const col = (name: string) => `${quoteIdent(alias)}.${quoteIdent(name)}`;
  const conditions: FilterCondition[] = [];
  const errors: FieldError[] = [];

  const search = filters.search?.trim();
  if (search) {
    // One expression, the same as the trigram index's (see the StudentSearch migration), so
    // a substring search over 100,000 students is an index scan.
    conditions.push({
      value: `%${escapeLike(search)}%`,
      render: (p) =>
        `(${col('first_name')} || ' ' || ${col('last_name')} || ' ' || ${col('student_id')}) ILIKE ${p}`,
    });
  }
  for (const name of ENUM_FILTERS) {
    const values = filters[name];
    if (values === undefined || values.length === 0) continue;
    conditions.push({ value: values, render: (p) => `${col(name)} IN (${p})` });
  }
  for (const name of BOOLEAN_FILTERS) {
    const value = filters[name];
    if (value === undefined) continue;
    conditions.push({ value, render: (p) => `${col(name)} = ${p}` });
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
      const value = integer ? Math.ceil(min) : min;
      conditions.push({ value, render: (p) => `${col(name)} >= ${p}` });
    }
    if (max !== undefined) {
      const value = integer ? Math.floor(max) : max;
      conditions.push({ value, render: (p) => `${col(name)} <= ${p}` });
    }
  }
  if (errors.length > 0) throw new ValidationFailedError(errors);
  return conditions;
}

/**
 * The WHERE conditions for `filters` on the student_profiles table aliased `alias`, their
 * values added to `params` (one per value of a list), for `query(sql, params.values)`. Everything happens in SQL, so counts and pages stay in the
 * database. A min_ above its max_ is a 400 naming both parameters.
 */
export function studentFilterSql(
  filters: StudentFilters,
  alias: string,
  params: SqlParams,
): string[] {
  return filterConditions(filters, alias).map(({ value, render }) =>
    render(
      Array.isArray(value)
        ? value.map((v: unknown) => params.add(v)).join(', ')
        : params.add(value),
    ),
  );
}
