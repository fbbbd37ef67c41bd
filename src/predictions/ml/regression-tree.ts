/**
 * One fitted regression tree in flat, pre-order form (node 0 is the root, a node's
 * left child immediately follows it). The same arrays are written to the ONNX
 * TreeEnsembleRegressor and read back when a model is loaded.
 *
 * Decision rule (ONNX mode BRANCH_LEQ): go left ("true" branch) when
 * `x[feature] <= threshold`, right otherwise. All numbers are float32, exactly as
 * onnxruntime evaluates them.
 */
export interface RegressionTree {
  readonly nNodes: number;
  /** Split feature index, or -1 for a leaf. */
  readonly feature: Int32Array;
  readonly threshold: Float32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Mean training target of the node (the prediction for a leaf). */
  readonly value: Float32Array;
}

export function isLeaf(tree: RegressionTree, node: number): boolean {
  return tree.feature[node] < 0;
}

/** Index of the leaf reached by the row starting at `x[offset]`. */
export function leafIndex(tree: RegressionTree, x: Float32Array, offset: number): number {
  let node = 0;
  const { feature, threshold, left, right } = tree;
  while (feature[node] >= 0) {
    node = x[offset + feature[node]] <= threshold[node] ? left[node] : right[node];
  }
  return node;
}

export function predictTree(tree: RegressionTree, x: Float32Array, offset: number): number {
  return tree.value[leafIndex(tree, x, offset)];
}

export function treeDepth(tree: RegressionTree): number {
  const depth = new Int32Array(tree.nNodes);
  let max = 0;
  for (let n = 0; n < tree.nNodes; n++) {
    if (tree.feature[n] >= 0) {
      depth[tree.left[n]] = depth[n] + 1;
      depth[tree.right[n]] = depth[n] + 1;
    }
    if (depth[n] > max) max = depth[n];
  }
  return max;
}
