import { splitRows } from './data-split';
import { encodeBatch } from './features';
import { LabelledStudent } from './labelled-student';
import { TrainingParams } from './training-params';

/** Training and held-out rows, encoded. */
export interface EncodedSplit {
  train: readonly LabelledStudent[];
  held: readonly LabelledStudent[];
  xTrain: Float32Array;
  yTrain: Float64Array;
  xHeld: Float32Array;
  yHeld: Float64Array;
  trainRows: number[];
  heldOutRows: number[];
}

/** The seeded held-out split of `rows`, both parts encoded for the trees. */
export function encodeSplit(
  rows: readonly LabelledStudent[],
  params: TrainingParams,
): EncodedSplit {
  const split = splitRows(rows.length, params.heldOutFraction, params.splitSeed);
  const train = split.train.map((i) => rows[i]);
  const held = split.heldOut.map((i) => rows[i]);
  return {
    train,
    held,
    xTrain: encodeBatch(train.map((r) => r.factors)),
    yTrain: Float64Array.from(train, (r) => r.examScore),
    xHeld: encodeBatch(held.map((r) => r.factors)),
    yHeld: Float64Array.from(held, (r) => r.examScore),
    trainRows: split.train,
    heldOutRows: split.heldOut,
  };
}
