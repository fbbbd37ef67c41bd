import { SeededRng } from './rng';

export interface RowSplit {
  /** Row indices, ascending. */
  readonly train: number[];
  readonly heldOut: number[];
}

/** Seeded split: a shuffled permutation's first round(n·fraction) rows are held out. */
export function splitRows(nRows: number, heldOutFraction: number, seed: number): RowSplit {
  const order = Array.from({ length: nRows }, (_, i) => i);
  new SeededRng(seed).shuffle(order);
  const nHeld = Math.round(nRows * heldOutFraction);
  const byIndex = (a: number, b: number): number => a - b;
  return { heldOut: order.slice(0, nHeld).sort(byIndex), train: order.slice(nHeld).sort(byIndex) };
}
