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
/*
 * An additive model (format student-score-additive/1) has two ensembles instead:
 *
 *   features ──TreeEnsembleRegressor "score_trees" (SUM, base value = bias)──▶ score [N, 1]
 *            └─TreeEnsembleRegressor "scale_trees" (SUM, base value)─────────▶ scale [N, 1]
 *
 * `score` is the prediction; `scale` the predicted size of its error, which scales the
 * conformal interval and confidence of each student.
 */
export const INPUT_NAME = 'features';
export const SCALE_OUTPUT = 'scale';
/** Node names of the additive model's two ensembles. */
export const SCORE_TREES = 'score_trees';
export const SCALE_TREES = 'scale_trees';
export const ADDITIVE_MODEL_FORMAT = 'student-score-additive/1';
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
  /** Additive models: node values of the scale trees' BRANCH nodes, as above. */
  scaleInternalNodeValues: 'scale_internal_node_values',
  /**
   * Additive models: JSON { score, scale } of the two ensembles' biases, kept apart from the
   * graph's base values so a graph that computes something else is noticed.
   */
  biases: 'ensemble_biases',
  /** Additive models: base64 float32, sorted signed normalised residuals. */
  conformalSigned: 'conformal_signed_residuals',
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
