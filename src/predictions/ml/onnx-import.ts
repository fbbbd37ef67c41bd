import { onnx } from 'onnx-proto';
import { N_FEATURES } from './features';
import { ModelValidationError } from './model-validation-error';
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
import { RegressionTree } from './regression-tree';
import { TreeForest } from './tree-forest';

/** A model read back from ONNX bytes: the trees (for explanations) and its metadata. */
export interface ImportedForest {
  readonly forest: TreeForest;
  /** Additive models: the ensemble predicting the size of the error. */
  readonly scale?: TreeForest;
  readonly metadata: ReadonlyMap<string, string>;
}

/**
 * protobufjs decodes int64 fields as Long objects (plain numbers when Long is not
 * installed); the generated typings name a global Long type, so accept anything.
 */
function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'object' && v !== null && 'toNumber' in v && typeof v.toNumber === 'function') {
    return Number((v as { toNumber(): unknown }).toNumber());
  }
  return Number(v);
}

function attributeMap(node: onnx.INodeProto): Map<string, onnx.IAttributeProto> {
  const map = new Map<string, onnx.IAttributeProto>();
  for (const a of node.attribute ?? []) map.set(a.name ?? '', a);
  return map;
}

function ints(attrs: Map<string, onnx.IAttributeProto>, name: string): number[] {
  const a = attrs.get(name);
  if (!a) throw new ModelValidationError(`TreeEnsembleRegressor has no ${name}`);
  return (a.ints ?? []).map(toNumber);
}

function floats(attrs: Map<string, onnx.IAttributeProto>, name: string): number[] {
  const a = attrs.get(name);
  if (!a) throw new ModelValidationError(`TreeEnsembleRegressor has no ${name}`);
  return a.floats ?? [];
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

/**
 * Rebuilds the trees from a TreeEnsembleRegressor in which every tree writes its own
 * target (target id = tree id; `perTree`), or in which every tree adds to target 0 after
 * the base value. Internal node values come from metadata.
 */
function readTrees(
  node: onnx.INodeProto,
  internalValues: Float32Array,
  perTree = true,
): { trees: RegressionTree[]; bias: number } {
  const attrs = attributeMap(node);
  const treeIds = ints(attrs, 'nodes_treeids');
  const nodeIds = ints(attrs, 'nodes_nodeids');
  const featureIds = ints(attrs, 'nodes_featureids');
  const values = floats(attrs, 'nodes_values');
  const trueIds = ints(attrs, 'nodes_truenodeids');
  const falseIds = ints(attrs, 'nodes_falsenodeids');
  const modes = (attrs.get('nodes_modes')?.strings ?? []).map((s) =>
    Buffer.from(s).toString('utf8'),
  );
  const targetTreeIds = ints(attrs, 'target_treeids');
  const targetNodeIds = ints(attrs, 'target_nodeids');
  const targetIds = ints(attrs, 'target_ids');
  const targetWeights = floats(attrs, 'target_weights');
  const nTargets = toNumber(attrs.get('n_targets')?.i ?? 0);
  const n = treeIds.length;
  if (!perTree && nTargets !== 1)
    throw new ModelValidationError('an additive ensemble has one target');
  const baseValues = attrs.get('base_values')?.floats ?? [];
  const bias = perTree ? 0 : (baseValues[0] ?? 0);
  for (const arr of [nodeIds, featureIds, values, trueIds, falseIds, modes]) {
    if (arr.length !== n)
      throw new ModelValidationError('TreeEnsembleRegressor node arrays differ in length');
  }

  // Group nodes per tree; node ids are local to their tree.
  const nTrees = perTree ? nTargets : Math.max(0, ...treeIds.map((t) => t + 1));
  if (nTrees > 100_000) throw new ModelValidationError(`tree ids up to ${nTrees - 1}`);
  const nodesOf: number[][] = Array.from({ length: nTrees }, () => []);
  for (let k = 0; k < n; k++) {
    if (treeIds[k] < 0 || treeIds[k] >= nTrees) {
      throw new ModelValidationError(`tree id ${treeIds[k]} outside 0..${nTrees - 1}`);
    }
    nodesOf[treeIds[k]].push(k);
  }
  const leafValue = new Map<string, number>();
  for (let k = 0; k < targetTreeIds.length; k++) {
    if (targetIds[k] !== (perTree ? targetTreeIds[k] : 0)) {
      throw new ModelValidationError(
        perTree
          ? 'each tree must write only its own target (target_ids = tree ids)'
          : 'every tree of an additive ensemble must write target 0',
      );
    }
    const key = `${targetTreeIds[k]}:${targetNodeIds[k]}`;
    leafValue.set(key, (leafValue.get(key) ?? 0) + targetWeights[k]);
  }

  let internal = 0;
  const trees: RegressionTree[] = [];
  // Internal values are stored in attribute order; visit nodes in that order.
  const internalValueOf = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    if (modes[k] !== 'LEAF') {
      if (internal >= internalValues.length)
        throw new ModelValidationError('too few internal node values');
      internalValueOf[k] = internalValues[internal++];
    }
  }
  if (internal !== internalValues.length)
    throw new ModelValidationError('internal node values do not match the trees');

  // Node ids of each tree must be 0..m-1 (node 0 the root), as forestToOnnx writes them.
  for (let t = 0; t < nTrees; t++) {
    const ks = nodesOf[t];
    const m = ks.length;
    if (m === 0) throw new ModelValidationError(`tree ${t} has no nodes`);
    const tree = {
      nNodes: m,
      feature: new Int32Array(m).fill(-2),
      threshold: new Float32Array(m),
      left: new Int32Array(m),
      right: new Int32Array(m),
      value: new Float32Array(m),
    };
    const checkId = (id: number): number => {
      if (!Number.isInteger(id) || id < 0 || id >= m) {
        throw new ModelValidationError(`tree ${t}: node id ${id} outside 0..${m - 1}`);
      }
      return id;
    };
    for (const k of ks) {
      const j = checkId(nodeIds[k]);
      if (tree.feature[j] !== -2)
        throw new ModelValidationError(`tree ${t}: duplicate node id ${j}`);
      if (modes[k] === 'LEAF') {
        tree.feature[j] = -1;
        const v = leafValue.get(`${t}:${j}`);
        if (v === undefined) throw new ModelValidationError(`tree ${t}: leaf ${j} has no weight`);
        tree.value[j] = v;
      } else if (modes[k] === 'BRANCH_LEQ') {
        if (featureIds[k] < 0 || featureIds[k] >= N_FEATURES) {
          throw new ModelValidationError(`tree ${t}: feature id ${featureIds[k]} out of range`);
        }
        tree.feature[j] = featureIds[k];
        tree.threshold[j] = values[k];
        tree.left[j] = checkId(trueIds[k]);
        tree.right[j] = checkId(falseIds[k]);
        // Children after their parent (pre-order) rules out cycles.
        if (tree.left[j] <= j || tree.right[j] <= j) {
          throw new ModelValidationError(`tree ${t}: children of node ${j} must have larger ids`);
        }
        tree.value[j] = internalValueOf[k];
      } else {
        throw new ModelValidationError(`tree ${t}: unsupported node mode ${modes[k]}`);
      }
    }
    trees.push(tree);
  }
  return { trees, bias };
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
