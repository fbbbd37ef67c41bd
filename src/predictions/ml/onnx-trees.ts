import { onnx } from 'onnx-proto';
import { N_FEATURES } from './features';
import { ModelValidationError } from './model-validation-error';
import { attributeMap, floats, ints, toNumber } from './onnx-attributes';
import { RegressionTree } from './regression-tree';

/** The node and target arrays of a TreeEnsembleRegressor, checked for matching lengths. */
interface EnsembleArrays {
  n: number;
  treeIds: number[];
  nodeIds: number[];
  featureIds: number[];
  values: number[];
  trueIds: number[];
  falseIds: number[];
  modes: string[];
  targetTreeIds: number[];
  targetNodeIds: number[];
  targetIds: number[];
  targetWeights: number[];
  nTargets: number;
  bias: number;
}

function ensembleArrays(node: onnx.INodeProto, perTree: boolean): EnsembleArrays {
  const attrs = attributeMap(node);
  const a = {
    treeIds: ints(attrs, 'nodes_treeids'),
    nodeIds: ints(attrs, 'nodes_nodeids'),
    featureIds: ints(attrs, 'nodes_featureids'),
    values: floats(attrs, 'nodes_values'),
    trueIds: ints(attrs, 'nodes_truenodeids'),
    falseIds: ints(attrs, 'nodes_falsenodeids'),
    modes: (attrs.get('nodes_modes')?.strings ?? []).map((s) => Buffer.from(s).toString('utf8')),
    targetTreeIds: ints(attrs, 'target_treeids'),
    targetNodeIds: ints(attrs, 'target_nodeids'),
    targetIds: ints(attrs, 'target_ids'),
    targetWeights: floats(attrs, 'target_weights'),
    nTargets: toNumber(attrs.get('n_targets')?.i ?? 0),
  };
  const n = a.treeIds.length;
  if (!perTree && a.nTargets !== 1)
    throw new ModelValidationError('an additive ensemble has one target');
  const baseValues = attrs.get('base_values')?.floats ?? [];
  const bias = perTree ? 0 : (baseValues[0] ?? 0);
  for (const arr of [a.nodeIds, a.featureIds, a.values, a.trueIds, a.falseIds, a.modes]) {
    if (arr.length !== n)
      throw new ModelValidationError('TreeEnsembleRegressor node arrays differ in length');
  }
  return { ...a, n, bias };
}

/** The attribute positions of each tree's nodes; node ids are local to their tree. */
function nodesPerTree(a: EnsembleArrays, perTree: boolean): number[][] {
  const nTrees = perTree ? a.nTargets : Math.max(0, ...a.treeIds.map((t) => t + 1));
  if (nTrees > 100_000) throw new ModelValidationError(`tree ids up to ${nTrees - 1}`);
  const nodesOf: number[][] = Array.from({ length: nTrees }, () => []);
  for (let k = 0; k < a.n; k++) {
    if (a.treeIds[k] < 0 || a.treeIds[k] >= nTrees) {
      throw new ModelValidationError(`tree id ${a.treeIds[k]} outside 0..${nTrees - 1}`);
    }
    nodesOf[a.treeIds[k]].push(k);
  }
  return nodesOf;
}

/** Summed target weight per `tree:node`, checking which target each tree writes. */
function leafValues(a: EnsembleArrays, perTree: boolean): Map<string, number> {
  const leafValue = new Map<string, number>();
  for (let k = 0; k < a.targetTreeIds.length; k++) {
    if (a.targetIds[k] !== (perTree ? a.targetTreeIds[k] : 0)) {
      throw new ModelValidationError(
        perTree
          ? 'each tree must write only its own target (target_ids = tree ids)'
          : 'every tree of an additive ensemble must write target 0',
      );
    }
    const key = `${a.targetTreeIds[k]}:${a.targetNodeIds[k]}`;
    leafValue.set(key, (leafValue.get(key) ?? 0) + a.targetWeights[k]);
  }
  return leafValue;
}

/** The value of each internal node by attribute position (stored in attribute order). */
function internalValuesByNode(a: EnsembleArrays, internalValues: Float32Array): Float32Array {
  let internal = 0;
  const internalValueOf = new Float32Array(a.n);
  for (let k = 0; k < a.n; k++) {
    if (a.modes[k] !== 'LEAF') {
      if (internal >= internalValues.length)
        throw new ModelValidationError('too few internal node values');
      internalValueOf[k] = internalValues[internal++];
    }
  }
  if (internal !== internalValues.length)
    throw new ModelValidationError('internal node values do not match the trees');
  return internalValueOf;
}

/** Node values read so far while one tree is rebuilt. */
interface TreeInput {
  a: EnsembleArrays;
  leafValue: ReadonlyMap<string, number>;
  internalValueOf: Float32Array;
}

/**
 * Tree `t` from the nodes at attribute positions `ks`. Node ids must be 0..m-1 (node 0
 * the root), as forestToOnnx writes them.
 */
function buildTree(t: number, ks: readonly number[], input: TreeInput): RegressionTree {
  const { a, leafValue, internalValueOf } = input;
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
    const j = checkId(a.nodeIds[k]);
    if (tree.feature[j] !== -2) throw new ModelValidationError(`tree ${t}: duplicate node id ${j}`);
    if (a.modes[k] === 'LEAF') {
      tree.feature[j] = -1;
      const v = leafValue.get(`${t}:${j}`);
      if (v === undefined) throw new ModelValidationError(`tree ${t}: leaf ${j} has no weight`);
      tree.value[j] = v;
    } else if (a.modes[k] === 'BRANCH_LEQ') {
      if (a.featureIds[k] < 0 || a.featureIds[k] >= N_FEATURES) {
        throw new ModelValidationError(`tree ${t}: feature id ${a.featureIds[k]} out of range`);
      }
      tree.feature[j] = a.featureIds[k];
      tree.threshold[j] = a.values[k];
      tree.left[j] = checkId(a.trueIds[k]);
      tree.right[j] = checkId(a.falseIds[k]);
      // Children after their parent (pre-order) rules out cycles.
      if (tree.left[j] <= j || tree.right[j] <= j) {
        throw new ModelValidationError(`tree ${t}: children of node ${j} must have larger ids`);
      }
      tree.value[j] = internalValueOf[k];
    } else {
      throw new ModelValidationError(`tree ${t}: unsupported node mode ${a.modes[k]}`);
    }
  }
  return tree;
}

/**
 * Rebuilds the trees from a TreeEnsembleRegressor in which every tree writes its own
 * target (target id = tree id; `perTree`), or in which every tree adds to target 0 after
 * the base value. Internal node values come from metadata.
 */
export function readTrees(
  node: onnx.INodeProto,
  internalValues: Float32Array,
  perTree = true,
): { trees: RegressionTree[]; bias: number } {
  const a = ensembleArrays(node, perTree);
  const nodesOf = nodesPerTree(a, perTree);
  const input = {
    a,
    leafValue: leafValues(a, perTree),
    internalValueOf: internalValuesByNode(a, internalValues),
  };
  const trees = nodesOf.map((ks, t) => buildTree(t, ks, input));
  return { trees, bias: a.bias };
}
