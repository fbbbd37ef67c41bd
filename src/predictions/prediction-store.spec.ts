import type { StudentFactors } from './ml';
import { NewPrediction, PredictionBatchWriter, predictionCopyLines } from './prediction-store';

/** A store that records each chunk it is given, and fails on call `failOnCall`. */
function recordingStore(failOnCall?: number) {
  const calls: string[] = [];
  let stores = 0;
  const store = async (predictions: readonly NewPrediction[]): Promise<void> => {
    stores += 1;
    const call = stores;
    calls.push(`start ${predictions.length}`);
    await new Promise((resolve) => setImmediate(resolve));
    calls.push(`end ${predictions.length}`);
    if (call === failOnCall) throw new Error('insert failed');
  };
  return { store, calls };
}

const prediction = (i: number): NewPrediction => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  studentProfileId: '00000000-0000-4000-8000-000000000000',
  result: {
    predicted_score: 66,
    confidence_level: 0.7,
    tolerance: 2,
    prediction_interval: { lower: 63, upper: 69, level: 0.9 },
    risk_level: 'low',
    top_factors: [],
    model_version: 'rf-x',
  },
  factors: {} as StudentFactors,
});

describe('PredictionBatchWriter', () => {
  it('starts a chunk only once the previous one is stored, and settles the last', async () => {
    const { store, calls } = recordingStore();
    const writer = new PredictionBatchWriter(store);
    await writer.write([prediction(1), prediction(2)]);
    calls.push('predicting');
    await writer.write([prediction(3)]);
    await writer.settle();
    expect(calls).toEqual(['start 2', 'predicting', 'end 2', 'start 1', 'end 1']);
  });

  it('reports a failed chunk at the next write', async () => {
    const { store, calls } = recordingStore(1);
    const writer = new PredictionBatchWriter(store);
    await writer.write([prediction(1)]);
    await expect(writer.write([prediction(2)])).rejects.toThrow('insert failed');
    expect(calls).toEqual(['start 1', 'end 1']);
  });

  it('reports a failed last chunk at settle', async () => {
    const { store } = recordingStore(1);
    const writer = new PredictionBatchWriter(store);
    await writer.write([prediction(1)]);
    await expect(writer.settle()).rejects.toThrow('insert failed');
  });

  it('drains the chunk in flight without throwing its error', async () => {
    const { store, calls } = recordingStore(1);
    const writer = new PredictionBatchWriter(store);
    await writer.write([prediction(1)]);
    await writer.drain();
    expect(calls).toEqual(['start 1', 'end 1']);
    await expect(writer.settle()).resolves.toBeUndefined();
  });
});

describe('predictionCopyLines', () => {
  it('writes one line per prediction in COPY text format, JSON backslashes doubled', () => {
    const p = prediction(1);
    p.result.top_factors = [{ feature: 'gender', value: 'a\\b\tc', contribution: 0.5 }];
    const text = predictionCopyLines([p, prediction(2)], {
      requestedBy: null,
      date: new Date('2026-01-02T03:04:05.000Z'),
    });
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    const fields = lines[0].split('\t');
    expect(fields).toHaveLength(13);
    expect(fields.slice(0, 9)).toEqual([
      p.id,
      p.studentProfileId,
      'rf-x',
      '66',
      '0.7',
      '63',
      '69',
      '0.9',
      'low',
    ]);
    // JSON writes the tab as \t and the backslash as \\; COPY needs each backslash doubled.
    expect(fields[9]).toBe('[{"feature":"gender","value":"a\\\\\\\\b\\\\tc","contribution":0.5}]');
    expect(fields.slice(11)).toEqual(['\\N', '2026-01-02T03:04:05.000Z']);
  });

  it('writes the top factors JSON the caller gives, escaped the same way', () => {
    const p = prediction(1);
    p.result.top_factors = [{ feature: 'gender', value: 'a\\b', contribution: 0.5 }];
    const given = { ...p, topFactorsJson: JSON.stringify(p.result.top_factors) };
    const stamp = { requestedBy: null, date: new Date('2026-01-02T03:04:05.000Z') };
    expect(predictionCopyLines([given], stamp)).toBe(predictionCopyLines([p], stamp));
    const text = predictionCopyLines([{ ...p, topFactorsJson: '[]' }], stamp);
    expect(text.split('\t')[9]).toBe('[]');
  });
});
