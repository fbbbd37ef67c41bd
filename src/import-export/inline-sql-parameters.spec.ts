import { inlineSqlParameters } from './inline-sql-parameters';

const escape = (text: string) => `'${text.replace(/'/g, "''")}'`;

describe('inlineSqlParameters', () => {
  it('writes each parameter in as an untyped literal', () => {
    expect(
      inlineSqlParameters(
        'SELECT * FROM t WHERE a >= $1 AND b IN ($2, $3) AND c = $4 AND d = $10',
        [80, "O'Brien", 'x', true, 5, 6, 7, 8, 9, null],
        escape,
      ),
    ).toBe(
      "SELECT * FROM t WHERE a >= '80' AND b IN ('O''Brien', 'x') AND c = 'true' AND d = NULL",
    );
  });

  it('leaves $n inside quoted text and identifiers alone', () => {
    expect(inlineSqlParameters(`SELECT '$1 it''s', "$2" FROM t WHERE x = $1`, ['v'], escape)).toBe(
      `SELECT '$1 it''s', "$2" FROM t WHERE x = 'v'`,
    );
  });

  it('refuses a missing parameter or a value it cannot write', () => {
    expect(() => inlineSqlParameters('SELECT $2', [1], escape)).toThrow(/\$2/);
    expect(() => inlineSqlParameters('SELECT $1', [[1, 2]], escape)).toThrow(/type/);
    expect(() => inlineSqlParameters('SELECT $1', [Number.NaN], escape)).toThrow(/type/);
  });
});
