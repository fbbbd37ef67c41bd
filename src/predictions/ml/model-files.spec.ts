import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readActiveModelFiles, writeModelFiles } from './model-files';
import { ModelValidationError } from './model-validation-error';
import { seedRows } from './testing/fixtures';
import { trainAdditive } from './train-additive';
import { trainForest } from './train-forest';
import { trainModelInWorker } from './train-model-worker';

describe('model files and background training', () => {
  const rows = seedRows().slice(0, 400);
  const params = {
    learner: 'random-forest' as const,
    forest: { nTrees: 6 },
    robustPassTrees: 4,
    createdAt: '2025-02-01T00:00:00Z',
  };
  const model = trainForest(rows, params);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-models-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the model, its card and the active pointer, and reads them back', () => {
    const written = writeModelFiles(dir, model, true);
    expect(path.basename(written.onnxPath)).toBe(`${model.version}.onnx`);
    const back = readActiveModelFiles(dir);
    expect(back.pointer.version).toBe(model.version);
    expect(Buffer.from(model.onnx).equals(back.onnx)).toBe(true);
    expect(back.card).toEqual(model.card);
  });

  it('detects a model file that does not match the pointer', () => {
    const written = writeModelFiles(dir, model, true);
    fs.appendFileSync(written.onnxPath, Buffer.from([0]));
    expect(() => readActiveModelFiles(dir)).toThrow(ModelValidationError);
  });

  it('trains on a worker thread with the same result', async () => {
    const stages = new Set<string>();
    const viaWorker = await trainModelInWorker(rows, params, (p) => stages.add(p.stage));
    expect(Buffer.from(viaWorker.onnx).equals(Buffer.from(model.onnx))).toBe(true);
    expect(viaWorker.forest.trees).toEqual(model.forest.trees);
    expect(viaWorker.card).toEqual(model.card);
    expect([...stages]).toEqual(['robust-pass', 'forest', 'evaluation']);
  }, 30_000);

  it('trains the additive model on a worker thread with the same result', async () => {
    const additiveParams = { createdAt: '2025-02-01T00:00:00Z', compareForest: false };
    const direct = trainAdditive(rows, additiveParams);
    const viaWorker = await trainModelInWorker(rows, additiveParams);
    expect(Buffer.from(viaWorker.onnx).equals(Buffer.from(direct.onnx))).toBe(true);
    expect(viaWorker.forest.aggregate).toBe('sum');
    expect(viaWorker.forest.bias).toBe(direct.forest.bias);
    expect(viaWorker.scale?.trees).toEqual(direct.scale?.trees);
    expect(viaWorker.card).toEqual(direct.card);
  }, 60_000);

  it('reports training errors from the worker', async () => {
    await expect(trainModelInWorker(rows.slice(0, 10), params)).rejects.toThrow(/at least 50/);
  }, 30_000);
});
