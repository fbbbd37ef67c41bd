import { WarningFigures } from './model-card';

const round = (v: number): number => Number(v.toFixed(4));

/** Recall and precision of the flags against "really scored below the threshold". */
export function warningFigures(
  actual: ArrayLike<number>,
  flagged: ArrayLike<boolean>,
  threshold: number,
): WarningFigures {
  let actualBelow = 0;
  let nFlagged = 0;
  let truePositives = 0;
  for (let i = 0; i < actual.length; i++) {
    const below = actual[i] < threshold;
    if (below) actualBelow++;
    if (flagged[i]) nFlagged++;
    if (below && flagged[i]) truePositives++;
  }
  return {
    actualBelow,
    flagged: nFlagged,
    truePositives,
    recall: actualBelow > 0 ? round(truePositives / actualBelow) : null,
    precision: nFlagged > 0 ? round(truePositives / nFlagged) : null,
  };
}

/**
 * F-beta of the flags (0 when nothing is right); beta = 2 weighs recall twice as much as
 * precision: for an early warning a missed student costs more than a needless check.
 */
export function fScore(figures: WarningFigures, beta = 2): number {
  const { truePositives, actualBelow, flagged } = figures;
  const b2 = beta * beta;
  return truePositives === 0 ? 0 : ((1 + b2) * truePositives) / (b2 * actualBelow + flagged);
}

/** Candidate levels of the chance of scoring below a threshold: 0.05, 0.10, …, 0.95. */
export const PROBABILITY_LEVELS: readonly number[] = Array.from(
  { length: 19 },
  (_, k) => (k + 1) / 20,
);

/**
 * The level whose flags have the best F2 on the given (out-of-fold) rows, ties to the lower
 * level (more students flagged, fewer missed).
 */
export function chooseProbabilityLevel(
  actual: ArrayLike<number>,
  chanceBelow: ArrayLike<number>,
  threshold: number,
): number {
  let best = PROBABILITY_LEVELS[0];
  let bestF = -1;
  for (const level of PROBABILITY_LEVELS) {
    const flags = Array.from({ length: actual.length }, (_, i) => chanceBelow[i] > level);
    const f = fScore(warningFigures(actual, flags, threshold));
    if (f > bestF) {
      bestF = f;
      best = level;
    }
  }
  return best;
}
