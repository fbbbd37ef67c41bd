import './testing/onnxruntime-jest-realm';
import { onnx } from 'onnx-proto';
import { encodeBatch } from './features';
import { ModelCard } from './model-card';
import { ModelValidationError } from './model-validation-error';
import { OnnxForest } from './onnx-forest';
import { META } from './onnx-format';
import { activeModelFiles, sampleStudent, seedRows } from './testing/fixtures';
import { trainForest } from './train-forest';

/** onnxruntime's mean and scale equal the trees' on every seed row. */
async function equalsItsTreesOnEveryRow(forest: OnnxForest): Promise<void> {
  const rows = seedRows();
  const x = encodeBatch(rows.map((r) => r.factors));
  const out = await forest.predictEncoded(x, rows.length);
  const ts = forest.trees.predict(x, rows.length);
  const scaleTrees = forest.scaleTrees;
  if (!scaleTrees) throw new Error('the shipped model is additive');
  const tsScale = scaleTrees.predict(x, rows.length);
  let maxMean = 0;
  let maxScale = 0;
  for (let i = 0; i < rows.length; i++) {
    maxMean = Math.max(maxMean, Math.abs(out.mean[i] - ts[i]));
    maxScale = Math.max(maxScale, Math.abs(out.scale[i] - Math.max(0, tsScale[i])));
  }
  expect(out.perTree).toBeNull();
  expect(maxMean).toBeLessThan(1e-4);
  expect(maxScale).toBeLessThan(1e-4);
}

describe('committed model served by onnxruntime', () => {
  const files = activeModelFiles();
  const card = files.card;
  let forest: OnnxForest;

  beforeAll(async () => {
    forest = await OnnxForest.load(files.onnx, { card });
  });
  afterAll(async () => {
    await forest.release();
  });

  it('matches its card', () => {
    expect(forest.version).toBe(card.version);
    expect(forest.nTrees).toBe(card.model.nTrees);
    expect(card.artifact?.bytes).toBe(files.onnx.length);
    expect(files.onnx.length).toBeLessThan(5e6);
  });

  it('equals the TypeScript evaluation of its trees on every dataset row (all training rows included)', () =>
    equalsItsTreesOnEveryRow(forest));

  it('predicts in batches with the same figures', async () => {
    const small = await OnnxForest.load(files.onnx, { batchSize: 3 });
    try {
      const rows = seedRows()
        .slice(0, 7)
        .map((r) => r.factors);
      const a = await small.predict(rows);
      const b = await forest.predict(rows);
      expect(Array.from(a.mean)).toEqual(Array.from(b.mean));
      expect(Array.from(a.scale)).toEqual(Array.from(b.scale));
      expect(a.scale).toHaveLength(7);
      expect(new Set(b.scale).size).toBeGreaterThan(1);
    } finally {
      await small.release();
    }
  });

  it('returns no rows for an empty batch', async () => {
    const p = await forest.predict([]);
    expect(p.mean).toHaveLength(0);
    expect(p.scale).toHaveLength(0);
  });

  it('rejects a bad student with a clear error', async () => {
    await expect(forest.predict([{ ...sampleStudent, gender: 'X' as 'Male' }])).rejects.toThrow(
      /gender/,
    );
  });
});

describe('model validation at load', () => {
  const model = trainForest(seedRows().slice(0, 300), {
    forest: { nTrees: 4 },
    robustPassTrees: 4,
    createdAt: '2025-01-01T00:00:00Z',
  });

  const tamper = (edit: (m: onnx.ModelProto) => void): Uint8Array => {
    const m = onnx.ModelProto.decode(model.onnx);
    edit(m);
    return onnx.ModelProto.encode(m).finish();
  };
  const setMeta = (key: string, value: string) => (m: onnx.ModelProto) => {
    const p = m.metadataProps.find((e) => e.key === key);
    if (p) p.value = value;
  };

  it('loads the untouched model', async () => {
    const f = await OnnxForest.load(model.onnx, { card: model.card });
    await f.release();
  });

  it('rejects bytes that are not ONNX', async () => {
    await expect(OnnxForest.load(Buffer.from('not a model'))).rejects.toThrow(ModelValidationError);
  });

  it('rejects a different feature list', async () => {
    const renamed = JSON.stringify([
      'study_hours',
      ...model.card.features.slice(1).map((f) => f.name),
    ]);
    await expect(OnnxForest.load(tamper(setMeta(META.featureNames, renamed)))).rejects.toThrow(
      /model features .* differ from the served features/,
    );
  });

  it('rejects a different encoding', async () => {
    await expect(OnnxForest.load(tamper(setMeta(META.encodingId, 'abc')))).rejects.toThrow(
      /encoding abc/,
    );
  });

  it('rejects a wrong input name or shape', async () => {
    const renamed = tamper((m) => {
      if (m.graph?.input?.[0]) m.graph.input[0].name = 'x';
    });
    await expect(OnnxForest.load(renamed)).rejects.toThrow(/exactly one input named "features"/);
    const narrow = tamper((m) => {
      const dim = m.graph?.input?.[0]?.type?.tensorType?.shape?.dim?.[1];
      if (dim) dim.dimValue = 18;
    });
    await expect(OnnxForest.load(narrow)).rejects.toThrow(/float32 \[N, 19\]/);
  });

  it('rejects a card of another model', async () => {
    const other: ModelCard = { ...model.card, version: 'rf-20000101-00000000' };
    await expect(OnnxForest.load(model.onnx, { card: other })).rejects.toThrow(/card is for model/);
    const reordered: ModelCard = { ...model.card, features: [...model.card.features].reverse() };
    await expect(OnnxForest.load(model.onnx, { card: reordered })).rejects.toThrow(/card features/);
  });
});
