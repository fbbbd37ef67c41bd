import { createHash } from 'node:crypto';
import type { MlModel } from './entities/ml-model.entity';
import type { ModelCard } from './ml';

/** The values of a new `models` row. */
export type NewModelRow = Pick<
  MlModel,
  | 'version'
  | 'algorithm'
  | 'status'
  | 'isActive'
  | 'metrics'
  | 'card'
  | 'fileHash'
  | 'onnx'
  | 'trainingRows'
  | 'trainedBy'
>;

/**
 * The values of a new, inactive `models` row: the ONNX bytes, the full card, the model's
 * held-out metrics as the headline figures, and the sha256 of the bytes.
 */
export function newModelRow(
  card: ModelCard,
  onnx: Uint8Array,
  trainedBy: string | null,
): NewModelRow {
  const bytes = Buffer.from(onnx.buffer, onnx.byteOffset, onnx.byteLength);
  return {
    version: card.version,
    algorithm: card.model.type === 'random_forest_regressor' ? 'random_forest' : 'additive_trees',
    status: 'ready',
    isActive: false,
    metrics: { ...(card.metrics.heldOut?.forest ?? {}) },
    card: card as unknown as Record<string, unknown>,
    fileHash: createHash('sha256').update(bytes).digest('hex'),
    onnx: bytes,
    trainingRows: card.data.trainRows,
    trainedBy,
  };
}
