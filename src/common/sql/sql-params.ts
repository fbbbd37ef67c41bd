/**
 * The positional parameters of one SQL statement, for statements whose WHERE list depends on
 * the request: `add(value)` keeps the value and returns its placeholder (`$1`, `$2`, …), and
 * `values` is what goes to `query(sql, values)`. Repositories write every raw statement with
 * PostgreSQL's own `$n` placeholders, fixed ones directly and variable ones through this.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
