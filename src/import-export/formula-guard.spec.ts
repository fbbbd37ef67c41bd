import { neutraliseFormula, stripFormulaGuard } from './formula-guard';

describe('formula guard', () => {
  it.each(['=SUM(A1)', '+1', '-1+2', '@cmd', '\tx', '\rx', '\nx'])(
    'prefixes %j with a quote and strips it back',
    (text) => {
      const safe = neutraliseFormula(text);
      expect(safe).toBe(`'${text}`);
      expect(stripFormulaGuard(safe)).toBe(text);
    },
  );

  it.each(['Ada', "O'Brien", "'quoted'", '', '5', 'a=b'])('leaves %j as it is', (text) => {
    expect(neutraliseFormula(text)).toBe(text);
    expect(stripFormulaGuard(text)).toBe(text);
  });

  it('round-trips text that already starts with a guard', () => {
    const text = "'=x";
    expect(stripFormulaGuard(neutraliseFormula(text))).toBe(text);
  });
});

describe('formula guard round trip', () => {
  it.each(["'=x", "''=x", "'", "''", "'a", "'-", '-', "'\t"])('gives back %j', (text) => {
    expect(stripFormulaGuard(neutraliseFormula(text))).toBe(text);
    expect(neutraliseFormula(text).startsWith("'") || !/^[=+\-@\t\r\n]/.test(text)).toBe(true);
  });
});
