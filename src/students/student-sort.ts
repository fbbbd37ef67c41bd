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
 * `?sort=` → ORDER BY terms. student_id sorts by its number (STU10000 after STU9999; the
 * (length, id) index serves it), unknown ages and scores come last either way, and student_id
 * breaks ties so pages are stable.
 */
export function studentOrderBy(sort: string | undefined, alias: string): StudentOrderBy[] {
  const fallback: SortOrder[] = [{ field: 'student_id', direction: 'ASC' }];
  const orders = parseSort(sort, STUDENT_SORT_FIELDS, fallback);
  const terms: StudentOrderBy[] = [];
  const byId = (direction: 'ASC' | 'DESC'): StudentOrderBy[] => [
    { expression: `length(${alias}.student_id)`, direction },
    { expression: `${alias}.student_id`, direction },
  ];
  for (const { field, direction } of orders) {
    if (field === 'student_id') terms.push(...byId(direction));
    else if (NULLABLE.has(field)) {
      terms.push({ expression: `${alias}.${field}`, direction, nulls: 'NULLS LAST' });
    } else terms.push({ expression: `${alias}.${field}`, direction });
  }
  if (!orders.some((o) => o.field === 'student_id')) terms.push(...byId('ASC'));
  return terms;
}
