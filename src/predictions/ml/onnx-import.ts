import { onnx } from 'onnx-proto';
import { N_FEATURES } from './features';
import { ModelValidationError } from './model-validation-error';
import { toNumber } from './onnx-attributes';
import {
  ADDITIVE_MODEL_FORMAT,
  base64ToFloat32,
  INPUT_NAME,
  META,
  ML_DOMAIN,
  SCALE_OUTPUT,
  SCALE_TREES,
  SCORE_OUTPUT,
  SCORE_TREES,
  TREE_OUTPUTS,
} from './onnx-format';
import { readTrees } from './onnx-trees';
import { TreeForest } from './tree-forest';

/** A model read back from ONNX bytes: the trees (for explanations) and its metadata. */
export interface ImportedForest {
  readonly forest: TreeForest;
  /** Additive models: the ensemble predicting the size of the error. */
  readonly scale?: TreeForest;
  readonly metadata: ReadonlyMap<string, string>;
}

function tensorDims(info: onnx.IValueInfoProto | undefined): Array<number | string> | null {
  const t = info?.type?.tensorType;
  if (!t || t.elemType !== onnx.TensorProto.DataType.FLOAT) return null;
  return (t.shape?.dim ?? []).map((d) =>
    d.dimValue != null ? toNumber(d.dimValue) : (d.dimParam ?? '?'),
  );
}

/** Checks the graph's interface: one float input `features` [N, 19], outputs `score` and `second`. */
function checkGraphInterface(graph: onnx.IGraphProto, second: string): void {
  const inputs = graph.input ?? [];
  if (inputs.length !== 1 || inputs[0].name !== INPUT_NAME) {
    throw new ModelValidationError(
      `model must have exactly one input named "${INPUT_NAME}", found [${inputs.map((i) => i.name).join(', ')}]`,
    );
  }
  const dims = tensorDims(inputs[0]);
  if (!dims || dims.length !== 2 || dims[1] !== N_FEATURES) {
    throw new ModelValidationError(
      `input "${INPUT_NAME}" must be float32 [N, ${N_FEATURES}], found ${dims ? `[${dims.join(', ')}]` : 'a non-float tensor'}`,
    );
  }
  const outputs = new Set((graph.output ?? []).map((o) => o.name));
  for (const name of [SCORE_OUTPUT, second]) {
    if (!outputs.has(name)) throw new ModelValidationError(`model has no output "${name}"`);
  }
}

function findEnsemble(graph: onnx.IGraphProto, name?: string): onnx.INodeProto {
  const ensemble = (graph.node ?? []).find(
    (n) =>
      n.opType === 'TreeEnsembleRegressor' &&
      n.domain === ML_DOMAIN &&
      (name === undefined || n.name === name),
  );
  if (!ensemble) {
    throw new ModelValidationError(
      `model has no ai.onnx.ml TreeEnsembleRegressor node${name ? ` "${name}"` : ''}`,
    );
  }
  return ensemble;
}

function internalValuesOf(metadata: ReadonlyMap<string, string>, key: string): Float32Array {
  const internal = metadata.get(key);
  if (internal === undefined) throw new ModelValidationError(`model metadata has no ${key}`);
  return base64ToFloat32(internal);
}

function biasesOf(metadata: ReadonlyMap<string, string>): { score: number; scale: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(metadata.get(META.biases) ?? '');
  } catch {
    throw new ModelValidationError(`model metadata "${META.biases}" is missing or not JSON`);
  }
  const { score, scale } = (parsed ?? {}) as { score?: unknown; scale?: unknown };
  if (typeof score !== 'number' || typeof scale !== 'number') {
    throw new ModelValidationError(`model metadata "${META.biases}" needs numbers score and scale`);
  }
  return { score, scale };
}

/** Parses ONNX bytes written by forestToOnnx or additiveToOnnx, checking the graph's interface. */
export function importForest(bytes: Uint8Array): ImportedForest {
  let model: onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw new ModelValidationError(
      `not an ONNX model: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const graph = model.graph;
  if (!graph) throw new ModelValidationError('ONNX model has no graph');
  const metadata = new Map<string, string>();
  for (const p of model.metadataProps ?? []) metadata.set(p.key ?? '', p.value ?? '');
  if (metadata.get(META.format) !== ADDITIVE_MODEL_FORMAT) {
    checkGraphInterface(graph, TREE_OUTPUTS);
    const ensemble = findEnsemble(graph);
    const { trees } = readTrees(ensemble, internalValuesOf(metadata, META.internalNodeValues));
    return { forest: new TreeForest(trees, N_FEATURES), metadata };
  }
  checkGraphInterface(graph, SCALE_OUTPUT);
  const biases = biasesOf(metadata);
  // The biases come from the metadata: the probe then compares the graph's base values too.
  const read = (name: string, key: string, bias: number): TreeForest => {
    const { trees } = readTrees(findEnsemble(graph, name), internalValuesOf(metadata, key), false);
    if (trees.length === 0) throw new ModelValidationError(`ensemble "${name}" has no trees`);
    return new TreeForest(trees, N_FEATURES, 'sum', bias);
  };
  return {
    forest: read(SCORE_TREES, META.internalNodeValues, biases.score),
    scale: read(SCALE_TREES, META.scaleInternalNodeValues, biases.scale),
    metadata,
  };
}
