import { ConformalCalibration } from './conformal';
import { ModelCard } from './model-card';
import { TreeForest } from './tree-forest';

export interface TrainingProgress {
  stage: 'robust-pass' | 'forest' | 'selection' | 'scale' | 'comparison' | 'evaluation';
  /** Work units done / total over the whole run (one unit per tree, plus evaluation). */
  done: number;
  total: number;
}

export interface TrainedModel {
  readonly version: string;
  /** The card, including `artifact` (file name, size, sha256 of `onnx`). */
  readonly card: ModelCard;
  /** The .onnx bytes (the card without `artifact` is embedded in its metadata). */
  readonly onnx: Uint8Array;
  /** The prediction's trees (a forest, or the additive ensemble). */
  readonly forest: TreeForest;
  /** Additive models: the ensemble predicting the size of the error. */
  readonly scale?: TreeForest;
  readonly conformal: ConformalCalibration;
  /** Row indices (into the input) used for training and held out. */
  readonly trainRows: readonly number[];
  readonly heldOutRows: readonly number[];
}
