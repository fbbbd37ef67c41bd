import { encodeBatch } from './features';
import { choleskySolve, fitLinearBaseline } from './linear-baseline';
import { regressionMetrics } from './metrics';
import { seedRows } from './testing/fixtures';

describe('linear baseline', () => {
  it('solves a small SPD system by Cholesky', () => {
    const a = Float64Array.from([4, 2, 0, 2, 5, 1, 0, 1, 3]);
    const z = choleskySolve(a, Float64Array.from([2, 1, 4]), 3);
    const back = [0, 1, 2].map((i) => a[i * 3] * z[0] + a[i * 3 + 1] * z[1] + a[i * 3 + 2] * z[2]);
    expect(back[0]).toBeCloseTo(2, 10);
    expect(back[1]).toBeCloseTo(1, 10);
    expect(back[2]).toBeCloseTo(4, 10);
  });

  it('recovers a known linear relation on one-hot categories', () => {
    const rows = seedRows().slice(0, 1500);
    const x = encodeBatch(rows.map((r) => r.factors));
    const y = rows.map(
      (r) =>
        40 +
        0.3 * r.factors.hours_studied +
        0.2 * r.factors.attendance +
        (r.factors.parental_involvement === 'High' ? 2 : 0) +
        (r.factors.teacher_quality === null ? -3 : 0),
    );
    const lin = fitLinearBaseline(x, y);
    const m = regressionMetrics(y, lin.predict(x, rows.length));
    expect(m.mae).toBeLessThan(1e-3);
    expect(lin.coefficients[lin.columns.indexOf('hours_studied')]).toBeCloseTo(0.3, 3);
    expect(lin.coefficients[lin.columns.indexOf('parental_involvement=High')]).toBeCloseTo(2, 3);
    expect(lin.coefficients[lin.columns.indexOf('teacher_quality=null')]).toBeCloseTo(-3, 3);
  });
});
