/**
 * The query with its `$1`, `$2`… parameters written in as quoted literals, for statements that
 * take no parameters (COPY). Each value is written as an untyped literal (`'80'`), which
 * PostgreSQL types from its context exactly as it types an untyped parameter. `$n` inside
 * quoted text or identifiers is left alone. Values: text, finite numbers, booleans, null.
 */
export function inlineSqlParameters(
  sql: string,
  parameters: readonly unknown[],
  escapeLiteral: (text: string) => string,
): string {
  const literalOf = (n: number): string => {
    if (n < 1 || n > parameters.length) throw new Error(`No value for parameter $${n}`);
    const value = parameters[n - 1];
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'string') return escapeLiteral(value);
    if (typeof value === 'number' && Number.isFinite(value)) return `'${String(value)}'`;
    if (typeof value === 'boolean') return value ? `'true'` : `'false'`;
    throw new Error(`Parameter $${n} has a type that cannot be written in: ${typeof value}`);
  };
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      if (end < 0) throw new Error('Unterminated quote in SQL');
      // A doubled quote continues the same quoted text; the loop then starts over at it.
      out += sql.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (c === '$') {
      const match = /^\$(\d+)/.exec(sql.slice(i, i + 12));
      if (match) {
        out += literalOf(Number(match[1]));
        i += match[0].length;
        continue;
      }
    }
    out += c;
    i += 1;
  }
  return out;
}
