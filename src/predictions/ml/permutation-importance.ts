import { SeededRng } from './rng';

/**
 * Permutation importance: the increase in mean squared error when one feature's
 * column is shuffled across the evaluation rows (breaking its link with the target
 * while keeping its distribution), averaged over `repeats` seeded shuffles.
 */
export function permutationImportance(
  predict: (x: Float32Array, nRows: number) => ArrayLike<number>,
  x: Float32Array,
  y: ArrayLike<number>,
  nFeatures: number,
  seed: number,
  repeats = 3,
): Float64Array {
  const nRows = y.length;
  const mse = (p: ArrayLike<number>): number => {
    let s = 0;
    for (let i = 0; i < nRows; i++) s += (p[i] - y[i]) ** 2;
    return s / nRows;
  };
  const reference = mse(predict(x, nRows));
  const out = new Float64Array(nFeatures);
  const rng = new SeededRng(seed);
  const shuffled = new Float32Array(x);
  const order = new Int32Array(nRows);
  for (let f = 0; f < nFeatures; f++) {
    for (let r = 0; r < repeats; r++) {
      for (let i = 0; i < nRows; i++) order[i] = i;
      rng.shuffle(order);
      for (let i = 0; i < nRows; i++) shuffled[i * nFeatures + f] = x[order[i] * nFeatures + f];
      out[f] += (mse(predict(shuffled, nRows)) - reference) / repeats;
    }
    for (let i = 0; i < nRows; i++) shuffled[i * nFeatures + f] = x[i * nFeatures + f];
  }
  return out;
}
