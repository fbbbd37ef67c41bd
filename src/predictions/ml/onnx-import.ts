import { onnx } from 'onnx-proto';
import { N_FEATURES } from './features';
import { ModelValidationError } from './model-validation-error';
import {
  base64ToFloat32,
  INPUT_NAME,
  META,
  ML_DOMAIN,
  SCORE_OUTPUT,
  TREE_OUTPUTS,
} from './onnx-format';
import { RegressionTree } from './regression-tree';
import { TreeForest } from './tree-forest';

/** A model read back from ONNX bytes: the trees (for explanations) and its metadata. */
export interface ImportedForest {
  readonly forest: TreeForest;
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

/** Checks the graph's interface: one float input `features` [N, 19], outputs `score` and `tree_outputs`. */
function checkGraphInterface(graph: onnx.IGraphProto): void {
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
  for (const name of [SCORE_OUTPUT, TREE_OUTPUTS]) {
    if (!outputs.has(name)) throw new ModelValidationError(`model has no output "${name}"`);
  }
}

/**
 * Rebuilds the trees from a TreeEnsembleRegressor in which every tree writes its own
 * target (target id = tree id). Internal node values come from metadata.
 */
function readTrees(node: onnx.INodeProto, internalValues: Float32Array): RegressionTree[] {
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
  for (const arr of [nodeIds, featureIds, values, trueIds, falseIds, modes]) {
    if (arr.length !== n)
      throw new ModelValidationError('TreeEnsembleRegressor node arrays differ in length');
  }

  // Group nodes per tree; node ids are local to their tree.
  const nTrees = nTargets;
  const perTree: number[][] = Array.from({ length: nTrees }, () => []);
  for (let k = 0; k < n; k++) {
    if (treeIds[k] < 0 || treeIds[k] >= nTrees) {
      throw new ModelValidationError(`tree id ${treeIds[k]} outside 0..n_targets-1`);
    }
    perTree[treeIds[k]].push(k);
  }
  const leafValue = new Map<string, number>();
  for (let k = 0; k < targetTreeIds.length; k++) {
    if (targetIds[k] !== targetTreeIds[k]) {
      throw new ModelValidationError(
        'each tree must write only its own target (target_ids = tree ids)',
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
    const ks = perTree[t];
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
  return trees;
}

/** Parses ONNX bytes written by forestToOnnx, checking the graph's interface. */
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
  checkGraphInterface(graph);
  const metadata = new Map<string, string>();
  for (const p of model.metadataProps ?? []) metadata.set(p.key ?? '', p.value ?? '');
  const ensemble = (graph.node ?? []).find(
    (n) => n.opType === 'TreeEnsembleRegressor' && n.domain === ML_DOMAIN,
  );
  if (!ensemble)
    throw new ModelValidationError('model has no ai.onnx.ml TreeEnsembleRegressor node');
  const internal = metadata.get(META.internalNodeValues);
  if (internal === undefined)
    throw new ModelValidationError(`model metadata has no ${META.internalNodeValues}`);
  const trees = readTrees(ensemble, base64ToFloat32(internal));
  return { forest: new TreeForest(trees, N_FEATURES), metadata };
}
