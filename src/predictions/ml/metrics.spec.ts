import { regressionMetrics } from './metrics';
import { DEFAULT_RISK_THRESHOLDS, riskLevel } from './risk';

describe('regression metrics', () => {
  it('computes R², MAE, RMSE and bias', () => {
    const m = regressionMetrics([1, 2, 3, 4], [1, 2, 3, 6]);
    expect(m.n).toBe(4);
    expect(m.mae).toBeCloseTo(0.5);
    expect(m.rmse).toBeCloseTo(1);
    expect(m.bias).toBeCloseTo(0.5);
    expect(m.r2).toBeCloseTo(1 - 4 / 5);
  });
});

describe('risk level', () => {
  it('uses < 60 high, < 65 medium by default', () => {
    expect(DEFAULT_RISK_THRESHOLDS).toEqual({ highBelow: 60, mediumBelow: 65 });
    expect(riskLevel(59.99)).toBe('high');
    expect(riskLevel(60)).toBe('medium');
    expect(riskLevel(64.9)).toBe('medium');
    expect(riskLevel(65)).toBe('low');
  });

  it('accepts custom thresholds and rejects inverted ones', () => {
    expect(riskLevel(68, { highBelow: 62, mediumBelow: 70 })).toBe('medium');
    expect(() => riskLevel(68, { highBelow: 70, mediumBelow: 62 })).toThrow(RangeError);
  });
});
