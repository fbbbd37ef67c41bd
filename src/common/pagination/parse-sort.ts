import { ValidationFailedError } from '../errors/validation-failed.error';

export interface SortOrder {
  field: string;
  direction: 'ASC' | 'DESC';
}

/**
 * `?sort=field` / `?sort=-field` (several comma-separated) from an allow-list; anything else
 * is a 400 naming the allowed fields.
 */
export function parseSort(
  sort: string | undefined,
  allowed: readonly string[],
  fallback: SortOrder[],
): SortOrder[] {
  if (sort === undefined || sort.trim() === '') return fallback;
  const orders: SortOrder[] = [];
  for (const part of sort.split(',')) {
    const token = part.trim();
    const direction = token.startsWith('-') ? 'DESC' : 'ASC';
    const field = token.replace(/^[-+]/, '');
    if (!allowed.includes(field)) {
      throw new ValidationFailedError([
        {
          field: 'sort',
          message: `sort must be one of ${allowed.join(', ')} (prefix - for descending)`,
        },
      ]);
    }
    orders.push({ field, direction });
  }
  return orders;
}
