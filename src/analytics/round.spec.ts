import { round } from './round';

describe('round', () => {
  it('rounds to the given decimals and keeps missing values null', () => {
    expect(round(66.7649)).toBe(66.76);
    expect(round(0.44519, 3)).toBe(0.445);
    expect(round(-0.0001)).toBe(0);
    expect(round(null)).toBeNull();
    expect(round(undefined)).toBeNull();
    expect(round(Number.NaN)).toBeNull();
  });
});
