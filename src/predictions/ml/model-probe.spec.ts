import './testing/onnxruntime-jest-realm';
import { onnx } from 'onnx-proto';
import { FEATURE_SPECS } from './features';
import { ModelCard } from './model-card';
import { probeStudents, proveModel } from './model-probe';
import { ModelValidationError } from './model-validation-error';
import { StudentScoreModel } from './student-score-model';
import { activeModelFiles } from './testing/fixtures';

/** The committed model with its graph changed by `edit` (metadata and trees untouched). */
function edited(bytes: Uint8Array, edit: (graph: onnx.IGraphProto) => void): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  if (!model.graph) throw new Error('no graph');
  edit(model.graph);
  return onnx.ModelProto.encode(model).finish();
}

function ensemble(graph: onnx.IGraphProto, name = 'score_trees'): onnx.INodeProto {
  const node = (graph.node ?? []).find(
    (n) => n.opType === 'TreeEnsembleRegressor' && n.name === name,
  );
  if (!node) throw new Error(`no ensemble ${name}`);
  return node;
}

/** Adds `points` to the ensemble's base value in the graph only. */
function shiftBase(node: onnx.INodeProto, points: number): void {
  const base = attribute(node, 'base_values');
  base.floats = (base.floats ?? []).map((v) => v + points);
}

function attribute(node: onnx.INodeProto, name: string): onnx.IAttributeProto {
  const a = (node.attribute ?? []).find((x) => x.name === name);
  if (!a) throw new Error(`no ${name}`);
  return a;
}

const files = activeModelFiles();
const card = files.card;

/** The message of the ModelValidationError with which proving `bytes` fails. */
async function refusal(bytes: Uint8Array, withCard: ModelCard = card): Promise<string> {
  const error: unknown = await proveModel(bytes, { card: withCard }).then(
    async (model) => {
      await model.release();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelValidationError);
  return (error as Error).message;
}

describe('proving a model on the probe students', () => {
  it('gives every category and boolean each of its values, unknown included', () => {
    const rows = probeStudents();
    const booleans = FEATURE_SPECS.filter((spec) => spec.kind === 'boolean');
    const ordinals = FEATURE_SPECS.filter((spec) => spec.kind === 'ordinal');
    expect(booleans.length + ordinals.length).toBeGreaterThan(10);
    for (const spec of booleans) {
      expect(new Set(rows.map((r) => r[spec.name]))).toEqual(new Set([false, true]));
    }
    for (const spec of ordinals) {
      expect(new Set(rows.map((r) => r[spec.name]))).toEqual(
        new Set([...(spec.levels ?? []), ...(spec.nullable ? [null] : [])]),
      );
    }
  });

  it('proves the committed model and hands it over loaded', async () => {
    const model = await proveModel(files.onnx, { card });
    try {
      expect(model).toBeInstanceOf(StudentScoreModel);
      expect(model.version).toBe(card.version);
      const [a] = await model.assess(probeStudents().slice(0, 1));
      expect(a.predicted_score).toBeGreaterThan(card.target.trainingMin - 10);
    } finally {
      await model.release();
    }
  });

  it('refuses truncated or flipped bytes', async () => {
    expect(await refusal(files.onnx.subarray(0, files.onnx.length >> 1))).toMatch(
      /not an ONNX model|does not load/,
    );
    const flipped = Buffer.from(files.onnx);
    for (let i = 0; i < 64; i++) flipped[i] ^= 0xff;
    expect(await refusal(flipped)).toMatch(/not an ONNX model|does not load|metadata/);
  });
});

describe('proving a model on the probe students: graphs and cards that differ', () => {
  it('refuses a graph onnxruntime cannot run', async () => {
    const bytes = edited(files.onnx, (graph) => {
      attribute(ensemble(graph), 'post_transform').s = new TextEncoder().encode('BOGUS');
    });
    expect(await refusal(bytes)).toMatch(/^the model does not load: /);
  });

  it('refuses a graph whose predictions differ from the embedded trees', async () => {
    const bytes = edited(files.onnx, (graph) => shiftBase(ensemble(graph), 7));
    expect(await refusal(bytes)).toMatch(
      /^probe: onnxruntime and the embedded trees differ by up to 7/,
    );
  });

  it('refuses a graph whose scale differs from the embedded scale trees', async () => {
    const bytes = edited(files.onnx, (graph) => shiftBase(ensemble(graph, 'scale_trees'), 5));
    expect(await refusal(bytes)).toMatch(
      /^probe: onnxruntime and the embedded trees differ by up to 5/,
    );
  });

  it('refuses predictions far outside the training scores', async () => {
    const bytes = edited(files.onnx, (graph) => {
      const weights = attribute(ensemble(graph), 'target_weights');
      weights.floats = (weights.floats ?? []).map((w) => w * 1000);
    });
    expect(await refusal(bytes)).toMatch(/^probe: the model gives .* outside 9\.\.147/);
  });

  it('refuses a card that does not describe the model', async () => {
    const wrongBase = structuredClone(card);
    wrongBase.explanations.baseValue += 1;
    expect(await refusal(files.onnx, wrongBase)).toMatch(/^probe: the card's base value/);
    const wrongNodes = structuredClone(card);
    wrongNodes.model.nNodes += 1;
    expect(await refusal(files.onnx, wrongNodes)).toMatch(/^probe: the card describes \d+ nodes/);
  });
});
