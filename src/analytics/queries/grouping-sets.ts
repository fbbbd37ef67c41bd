import { quoteIdent } from '../../common/sql/quote-ident';
import { groupValueSql } from '../analytics-sql';
import type { GroupedFactor } from '../analytics-factors';

/** SELECT-list entries putting each grouped factor's value (as text) in a column of its name. */
export function groupColumnsSql(specs: readonly GroupedFactor[], alias = 's'): string {
  return specs
    .map((spec) => `${groupValueSql(spec, alias)} AS ${quoteIdent(spec.name)}`)
    .join(', ');
}

/**
 * One scan grouping `source` (whose columns are named after the factors, see groupColumnsSql)
 * by each factor separately and by nothing: rows `factor, value, <aggregates>`, where the
 * grand-total row has factor and value NULL (left out when `withTotal` is false).
 */
export function groupingSetsSql(
  specs: readonly GroupedFactor[],
  aggregates: string,
  source = 'students',
  withTotal = true,
): string {
  const names = specs.map((spec) => quoteIdent(spec.name));
  const factor = specs
    .map((spec, i) => `WHEN GROUPING(${names[i]}) = 0 THEN '${spec.name}'`)
    .join(' ');
  return `SELECT CASE ${factor} END AS factor,
      COALESCE(${names.join(', ')}) AS value,
      ${aggregates}
    FROM ${source}
    GROUP BY GROUPING SETS (${[...names.map((n) => `(${n})`), ...(withTotal ? ['()'] : [])].join(', ')})`;
}
