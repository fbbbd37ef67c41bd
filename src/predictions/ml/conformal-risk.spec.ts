import { fitScaledConformal, probabilityBelow } from './conformal';
import { chooseProbabilityLevel, fScore, warningFigures } from './early-warning';
import { riskLevelFromChances } from './risk';

describe('the calibrated chance of scoring below a threshold', () => {
  // Residuals −2 … +2 in steps of 0.01, plus a long upper tail, at scale 1.
  const residuals = [
    ...Array.from({ length: 401 }, (_, i) => -2 + i / 100),
    ...Array.from({ length: 20 }, () => 25),
  ];
  const cal = fitScaledConformal(
    residuals,
    residuals.map(() => 1),
  );

  it('reads the signed residuals: more likely below for a lower prediction, skewed by the tail', () => {
    const at = (predicted: number): number => probabilityBelow(cal, predicted, 1, 65);
    expect(at(60)).toBe(1 - 20 / 421);
    expect(at(70)).toBe(0);
    expect(at(64)).toBeGreaterThan(at(65));
    expect(at(65)).toBeGreaterThan(at(66));
    // Half of the bulk is below 0, and the tail is above: under a half at the threshold.
    expect(at(65)).toBeCloseTo(200 / 421, 6);
  });

  it('reads a table of absolute scores as symmetric (older forests)', () => {
    const symmetric = { beta: cal.beta, scores: cal.scores };
    expect(probabilityBelow(symmetric, 65, 0, 65)).toBeCloseTo(0.5, 1);
    expect(probabilityBelow(symmetric, 60, 0, 65)).toBeGreaterThan(0.95);
  });

  it('turns the chances into a risk level at the chosen level', () => {
    expect(riskLevelFromChances(0.8, 0.9, 0.5)).toBe('high');
    expect(riskLevelFromChances(0.2, 0.6, 0.5)).toBe('medium');
    expect(riskLevelFromChances(0.2, 0.5, 0.5)).toBe('low');
  });
});

describe('early-warning figures', () => {
  it('counts recall and precision of the flags against the real scores', () => {
    const figures = warningFigures([50, 70, 64, 80], [true, true, false, false], 65);
    expect(figures).toEqual({
      actualBelow: 2,
      flagged: 2,
      truePositives: 1,
      recall: 0.5,
      precision: 0.5,
    });
    expect(warningFigures([70], [false], 65)).toMatchObject({ recall: null, precision: null });
    expect(fScore(figures)).toBeCloseTo(0.5, 10);
  });

  it('chooses the level with the best F2, favouring recall', () => {
    const actual = [60, 61, 62, 70, 71];
    const chance = [0.9, 0.6, 0.3, 0.2, 0.1];
    // Above 0.2 flags exactly the three below 65 (F2 = 1); 0.2 is the lowest such level.
    expect(chooseProbabilityLevel(actual, chance, 65)).toBe(0.2);
    // When no level separates them, the lowest level keeps every weak student flagged.
    expect(chooseProbabilityLevel([60, 70], [0.3, 0.35], 65)).toBe(0.05);
  });
});
