import { onnx } from 'onnx-proto';
import { N_FEATURES } from './features';
import {
  float32ToBase64,
  INPUT_NAME,
  IR_VERSION,
  META,
  ML_DOMAIN,
  ML_OPSET,
  ONNX_OPSET,
  SCALE_OUTPUT,
  SCALE_TREES,
  SCORE_OUTPUT,
  SCORE_TREES,
  TREE_OUTPUTS,
} from './onnx-format';
import { TreeForest } from './tree-forest';

const AttributeType = onnx.AttributeProto.AttributeType;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

const intsAttr = (name: string, ints: number[]): onnx.IAttributeProto => ({
  name,
  type: AttributeType.INTS,
  ints,
});
const floatsAttr = (name: string, floats: number[]): onnx.IAttributeProto => ({
  name,
  type: AttributeType.FLOATS,
  floats,
});
const intAttr = (name: string, i: number): onnx.IAttributeProto => ({
  name,
  type: AttributeType.INT,
  i,
});
const stringAttr = (name: string, s: string): onnx.IAttributeProto => ({
  name,
  type: AttributeType.STRING,
  s: utf8(s),
});

function floatTensorInfo(name: string, dims: Array<number | string>): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: {
          dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  };
}

/** The node and target lists of a TreeEnsembleRegressor, in attribute order. */
interface EnsembleLists {
  treeIds: number[];
  nodeIds: number[];
  featureIds: number[];
  values: number[];
  modes: Uint8Array[];
  trueIds: number[];
  falseIds: number[];
  targetTreeIds: number[];
  targetNodeIds: number[];
  targetIds: number[];
  targetWeights: number[];
  /** The values of the internal nodes (not part of the operator), in node order. */
  internalValues: number[];
}

/** Every node of every tree, flattened; a leaf also writes its value to its target. */
function ensembleLists(forest: TreeForest, perTree: boolean): EnsembleLists {
  const l: EnsembleLists = {
    treeIds: [],
    nodeIds: [],
    featureIds: [],
    values: [],
    modes: [],
    trueIds: [],
    falseIds: [],
    targetTreeIds: [],
    targetNodeIds: [],
    targetIds: [],
    targetWeights: [],
    internalValues: [],
  };
  const BRANCH = utf8('BRANCH_LEQ');
  const LEAF = utf8('LEAF');
  forest.trees.forEach((tree, t) => {
    for (let n = 0; n < tree.nNodes; n++) {
      l.treeIds.push(t);
      l.nodeIds.push(n);
      const f = tree.feature[n];
      if (f >= 0) {
        l.featureIds.push(f);
        l.values.push(tree.threshold[n]);
        l.modes.push(BRANCH);
        l.trueIds.push(tree.left[n]);
        l.falseIds.push(tree.right[n]);
        l.internalValues.push(tree.value[n]);
      } else {
        l.featureIds.push(0);
        l.values.push(0);
        l.modes.push(LEAF);
        l.trueIds.push(0);
        l.falseIds.push(0);
        l.targetTreeIds.push(t);
        l.targetNodeIds.push(n);
        l.targetIds.push(perTree ? t : 0);
        l.targetWeights.push(tree.value[n]);
      }
    }
  });
  return l;
}

/**
 * TreeEnsembleRegressor attributes. `perTree`: every tree writes its own output column (a
 * forest); otherwise every tree adds to one output, after the ensemble's bias.
 */
function ensembleAttributes(
  forest: TreeForest,
  perTree = true,
): {
  attributes: onnx.IAttributeProto[];
  internalValues: number[];
} {
  const l = ensembleLists(forest, perTree);
  const attributes: onnx.IAttributeProto[] = [
    stringAttr('aggregate_function', 'SUM'),
    ...(perTree ? [] : [floatsAttr('base_values', [forest.bias])]),
    intAttr('n_targets', perTree ? forest.nTrees : 1),
    intsAttr('nodes_falsenodeids', l.falseIds),
    intsAttr('nodes_featureids', l.featureIds),
    { name: 'nodes_modes', type: AttributeType.STRINGS, strings: l.modes },
    intsAttr('nodes_nodeids', l.nodeIds),
    intsAttr('nodes_treeids', l.treeIds),
    intsAttr('nodes_truenodeids', l.trueIds),
    floatsAttr('nodes_values', l.values),
    stringAttr('post_transform', 'NONE'),
    intsAttr('target_ids', l.targetIds),
    intsAttr('target_nodeids', l.targetNodeIds),
    intsAttr('target_treeids', l.targetTreeIds),
    floatsAttr('target_weights', l.targetWeights),
  ];
  return { attributes, internalValues: l.internalValues };
}

export interface OnnxExportOptions {
  readonly version: string;
  readonly docString?: string;
  /** Extra metadata_props, written in the given order after the structural ones. */
  readonly metadata: ReadonlyArray<readonly [string, string]>;
}

const opsets = [
  { domain: '', version: ONNX_OPSET },
  { domain: ML_DOMAIN, version: ML_OPSET },
];

/**
 * Serialises an additive model (score trees and scale trees, both bias + Σ trees) as an
 * ONNX model with outputs `score` and `scale` (see onnx-format.ts for the graph).
 */
export function additiveToOnnx(
  score: TreeForest,
  scale: TreeForest,
  options: OnnxExportOptions,
): Uint8Array {
  const main = ensembleAttributes(score, false);
  const spread = ensembleAttributes(scale, false);
  const ensemble = (name: string, output: string, attribute: onnx.IAttributeProto[]) => ({
    name,
    opType: 'TreeEnsembleRegressor',
    domain: ML_DOMAIN,
    input: [INPUT_NAME],
    output: [output],
    attribute,
  });
  const model: onnx.IModelProto = {
    irVersion: IR_VERSION,
    opsetImport: opsets,
    producerName: 'student-performance-api',
    producerVersion: options.version,
    modelVersion: 1,
    docString:
      options.docString ??
      'Additive tree ensemble predicting the exam score from 19 student factors, with a scale ensemble.',
    graph: {
      name: 'student_score_additive',
      node: [
        ensemble(SCORE_TREES, SCORE_OUTPUT, main.attributes),
        ensemble(SCALE_TREES, SCALE_OUTPUT, spread.attributes),
      ],
      input: [floatTensorInfo(INPUT_NAME, ['N', N_FEATURES])],
      output: [floatTensorInfo(SCORE_OUTPUT, ['N', 1]), floatTensorInfo(SCALE_OUTPUT, ['N', 1])],
    },
    metadataProps: [
      [META.internalNodeValues, float32ToBase64(main.internalValues)],
      [META.scaleInternalNodeValues, float32ToBase64(spread.internalValues)],
      [META.biases, JSON.stringify({ score: score.bias, scale: scale.bias })],
      ...options.metadata,
    ].map(([key, value]) => ({ key, value })),
  };
  return onnx.ModelProto.encode(model).finish();
}

/** Serialises the forest as an ONNX model (see onnx-format.ts for the graph). */
export function forestToOnnx(forest: TreeForest, options: OnnxExportOptions): Uint8Array {
  const { attributes, internalValues } = ensembleAttributes(forest);
  const model: onnx.IModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [
      { domain: '', version: ONNX_OPSET },
      { domain: ML_DOMAIN, version: ML_OPSET },
    ],
    producerName: 'student-performance-api',
    producerVersion: options.version,
    modelVersion: 1,
    docString:
      options.docString ??
      'Random-forest regressor predicting the exam score from 19 student factors.',
    graph: {
      name: 'student_score_forest',
      node: [
        {
          name: 'forest',
          opType: 'TreeEnsembleRegressor',
          domain: ML_DOMAIN,
          input: [INPUT_NAME],
          output: [TREE_OUTPUTS],
          attribute: attributes,
        },
        {
          name: 'forest_mean',
          opType: 'ReduceMean',
          domain: '',
          input: [TREE_OUTPUTS],
          output: [SCORE_OUTPUT],
          attribute: [intsAttr('axes', [1]), intAttr('keepdims', 1)],
        },
      ],
      input: [floatTensorInfo(INPUT_NAME, ['N', N_FEATURES])],
      output: [
        floatTensorInfo(SCORE_OUTPUT, ['N', 1]),
        floatTensorInfo(TREE_OUTPUTS, ['N', forest.nTrees]),
      ],
    },
    metadataProps: [
      [META.internalNodeValues, float32ToBase64(internalValues)],
      ...options.metadata,
    ].map(([key, value]) => ({ key, value })),
  };
  return onnx.ModelProto.encode(model).finish();
}
