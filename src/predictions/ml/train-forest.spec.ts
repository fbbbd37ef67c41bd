import './testing/onnxruntime-jest-realm';
import { createHash } from 'node:crypto';
import { encodeBatch, FEATURE_NAMES, N_FEATURES } from './features';
import { OnnxForest } from './onnx-forest';
import { LabelledStudent } from './labelled-student';
import { importForest } from './onnx-import';
import { seedRows } from './testing/fixtures';
import { trainForest } from './train-forest';

const CREATED_AT = '2025-01-15T08:00:00.000Z';
const small = { nTrees: 12, seed: 3 };

/** The card of a forest trained on 900 rows describes its data, metrics and rules. */
function fillsTheCard(subset: readonly LabelledStudent[]): void {
  const m = trainForest(subset, { forest: small, createdAt: CREATED_AT, dataSource: 'test' });
  const card = m.card;
  expect(card.data).toMatchObject({
    rows: 900,
    trainRows: 720,
    heldOutRows: 180,
    source: 'test',
  });
  expect(card.features.map((f) => f.name)).toEqual(FEATURE_NAMES);
  expect(card.metrics.heldOut?.forest.n).toBe(180);
  expect(card.metrics.heldOut?.linearBaseline.r2).toBeGreaterThan(0.3);
  expect(card.metrics.outOfBag.n).toBeGreaterThan(700);
  expect(Object.keys(card.metrics.subgroups.outOfBag)).toEqual([
    'gender',
    'school_type',
    'family_income',
    'learning_disabilities',
    'parental_education_level',
  ]);
  expect(card.importance.features).toHaveLength(19);
  expect(card.uncertainty.heldOut?.rows).toBe(180);
  expect(card.risk.thresholds).toEqual({ highBelow: 60, mediumBelow: 65 });
  expect(card.recommendations.neverChanged).toContain('gender');
}

/** A forest trained on all seed rows, read back and run by onnxruntime, predicts as its trees. */
async function onnxMatchesTheTrees(): Promise<void> {
  const rows = seedRows();
  const m = trainForest(rows, {
    forest: { nTrees: 25 },
    robustPassTrees: 10,
    createdAt: CREATED_AT,
  });
  // The trees read back from the bytes are the trained trees.
  expect(importForest(m.onnx).forest.trees).toEqual(m.forest.trees);

  const train = m.trainRows.map((i) => rows[i].factors);
  const x = encodeBatch(train);
  const served = await OnnxForest.load(m.onnx, { card: m.card });
  try {
    const onnx = await served.predictEncoded(x, train.length);
    const tsMean = m.forest.predict(x, train.length);
    const tsPerTree = m.forest.predictPerTree(x, train.length);
    let maxMean = 0;
    let maxTree = 0;
    for (let i = 0; i < train.length; i++)
      maxMean = Math.max(maxMean, Math.abs(onnx.mean[i] - tsMean[i]));
    const perTree = onnx.perTree ?? new Float32Array(0);
    for (let k = 0; k < tsPerTree.length; k++)
      maxTree = Math.max(maxTree, Math.abs(perTree[k] - tsPerTree[k]));
    expect(train.length).toBe(4486);
    expect(perTree.length).toBe(train.length * 25);
    expect(maxMean).toBeLessThan(1e-4);
    expect(maxTree).toBeLessThan(1e-4);
    expect(x.length).toBe(train.length * N_FEATURES);
  } finally {
    await served.release();
  }
}

describe('trainForest', () => {
  const subset = seedRows().slice(0, 900);

  it('is deterministic: same data, parameters and createdAt give identical bytes', () => {
    const a = trainForest(subset, { forest: small, createdAt: CREATED_AT });
    const b = trainForest(subset, { forest: small, createdAt: CREATED_AT });
    expect(Buffer.from(a.onnx).equals(Buffer.from(b.onnx))).toBe(true);
    expect(JSON.stringify(a.card)).toBe(JSON.stringify(b.card));
    expect(a.version).toBe(b.version);
    expect(a.version).toMatch(/^rf-20250115-[0-9a-f]{8}$/);
    expect(a.card.artifact).toEqual({
      file: `${a.version}.onnx`,
      bytes: a.onnx.length,
      sha256: createHash('sha256').update(a.onnx).digest('hex'),
    });

    const c = trainForest(subset, { forest: { ...small, seed: 4 }, createdAt: CREATED_AT });
    expect(Buffer.from(c.onnx).equals(Buffer.from(a.onnx))).toBe(false);
    expect(c.version).not.toBe(a.version);
  });

  it('reports progress up to the total', () => {
    const seen: number[] = [];
    trainForest(subset, { forest: small, robustPassTrees: 5, createdAt: CREATED_AT }, (p) =>
      seen.push(p.done / p.total),
    );
    expect(seen[seen.length - 1]).toBe(1);
    expect(seen.every((v, i) => i === 0 || v >= seen[i - 1])).toBe(true);
    expect(seen).toHaveLength(5 + 12 + 1);
  });

  it('fills the model card', () => fillsTheCard(subset));

  it('trains without a held-out split when asked', () => {
    const m = trainForest(subset, { forest: small, heldOutFraction: 0, createdAt: CREATED_AT });
    expect(m.card.metrics.heldOut).toBeNull();
    expect(m.card.uncertainty.heldOut).toBeNull();
    expect(m.trainRows).toHaveLength(900);
  });

  it(
    'exports ONNX that onnxruntime evaluates exactly like the TypeScript forest on every training row',
    onnxMatchesTheTrees,
  );
});
