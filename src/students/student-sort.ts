import { parseSort, SortOrder } from '../common/pagination/parse-sort';
import { NUMERIC_FACTOR_NAMES } from './factor-catalogue';

/** Fields the students list may be sorted by (API names, which are also the column names). */
export const STUDENT_SORT_FIELDS = [
  'student_id',
  'first_name',
  'last_name',
  'age',
  ...NUMERIC_FACTOR_NAMES,
  'exam_score',
  'created_at',
  'updated_at',
] as const;

export interface StudentOrderBy {
  /** SQL expression on the aliased table. */
  expression: string;
  direction: 'ASC' | 'DESC';
  /** Set for nullable columns only, so NOT NULL ones can still be read in index order. */
  nulls?: 'NULLS LAST';
}

const NULLABLE: ReadonlySet<string> = new Set(['age', 'exam_score']);

/**
 * The first key of the id order, on the student_profiles table aliased `alias`: the length of
 * a `STU`-numbered id (so STU10000 comes after STU9999), 0 for the school's own ids (which
 * therefore come first, in text order). The same expression as the
 * student_profiles_student_id_order_idx index's, which serves the order.
 */
export function studentIdOrderKey(alias: string): string {
  return `(CASE WHEN ${alias}.student_id ~ '^STU[0-9]+$' THEN length(${alias}.student_id) ELSE 0 END)`;
}

/** ORDER BY terms for the id order (see studentIdOrderKey). */
export function studentIdOrder(alias: string, direction: 'ASC' | 'DESC'): StudentOrderBy[] {
  return [
    { expression: studentIdOrderKey(alias), direction },
    { expression: `${alias}.student_id`, direction },
  ];
}

/**
 * `?sort=` → ORDER BY terms. student_id sorts generated ids by their number (STU10000 after
 * STU9999) and the school's own ids in text order, before them (the id order index serves
 * it); unknown ages and scores come last either way, and student_id breaks ties so pages are
 * stable.
 */
export function studentOrderBy(sort: string | undefined, alias: string): StudentOrderBy[] {
  const fallback: SortOrder[] = [{ field: 'student_id', direction: 'ASC' }];
  const orders = parseSort(sort, STUDENT_SORT_FIELDS, fallback);
  const terms: StudentOrderBy[] = [];
  const byId = (direction: 'ASC' | 'DESC') => studentIdOrder(alias, direction);
  for (const { field, direction } of orders) {
    if (field === 'student_id') terms.push(...byId(direction));
    else if (NULLABLE.has(field)) {
      terms.push({ expression: `${alias}.${field}`, direction, nulls: 'NULLS LAST' });
    } else terms.push({ expression: `${alias}.${field}`, direction });
  }
  if (!orders.some((o) => o.field === 'student_id')) terms.push(...byId('ASC'));
  return terms;
}
