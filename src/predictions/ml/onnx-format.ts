/**
 * Names and conventions of the exported ONNX graph:
 *
 *   features [N, 19] float ──TreeEnsembleRegressor (ai.onnx.ml v3)──▶ tree_outputs [N, T]
 *                                                                      │ ReduceMean(axis 1)
 *                                                                      ▼
 *                                                                  score [N, 1]
 *
 * The ensemble has n_targets = T and every tree writes only its own target column
 * (target_ids = tree id, aggregate SUM), so `tree_outputs` holds each tree's
 * prediction and `score` is their exact average.
 */
export const INPUT_NAME = 'features';
export const SCORE_OUTPUT = 'score';
export const TREE_OUTPUTS = 'tree_outputs';
export const MODEL_FORMAT = 'student-score-forest/1';
export const ML_DOMAIN = 'ai.onnx.ml';
export const ONNX_OPSET = 13;
export const ML_OPSET = 3;
export const IR_VERSION = 8;

/** Keys of the model's metadata_props. */
export const META = {
  format: 'model_format',
  version: 'model_version',
  featureNames: 'feature_names',
  encodingId: 'encoding_id',
  nTrees: 'n_trees',
  /** base64 little-endian float32: node value of every BRANCH node, in attribute order. */
  internalNodeValues: 'internal_node_values',
  /** JSON of the conformal calibration parameters (without the score table). */
  uncertainty: 'uncertainty',
  /** base64 little-endian float32: sorted normalised conformity scores. */
  conformalScores: 'conformal_scores',
  /** The model card (JSON). */
  card: 'model_card',
} as const;

export function float32ToBase64(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return Buffer.from(bytes).toString('base64');
}

export function base64ToFloat32(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) throw new RangeError('float32 base64 payload has a partial value');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
