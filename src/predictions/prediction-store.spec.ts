import type { DataSource, QueryRunner } from 'typeorm';
import type { StudentFactors } from './ml';
import { NewPrediction, PredictionBatchWriter } from './prediction-store';

function fakeRunner(failOnCall?: number) {
  const calls: string[] = [];
  let queries = 0;
  const runner = {
    isReleased: false,
    isTransactionActive: false,
    connect: jest.fn(async () => undefined),
    startTransaction: jest.fn(async () => {
      runner.isTransactionActive = true;
      calls.push('begin');
    }),
    commitTransaction: jest.fn(async () => {
      runner.isTransactionActive = false;
      calls.push('commit');
    }),
    rollbackTransaction: jest.fn(async () => {
      runner.isTransactionActive = false;
      calls.push('rollback');
    }),
    release: jest.fn(async () => {
      runner.isReleased = true;
      calls.push('release');
    }),
    manager: {
      query: jest.fn(async (_sql: string, params: unknown[]) => {
        queries += 1;
        calls.push(`insert ${(JSON.parse(params[0] as string) as unknown[]).length}`);
        if (queries === failOnCall) throw new Error('insert failed');
        return [];
      }),
    },
  };
  const dataSource = { createQueryRunner: () => runner as unknown as QueryRunner };
  return { dataSource: dataSource as unknown as DataSource, calls };
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

const options = { requestedBy: null, date: new Date() };

describe('PredictionBatchWriter', () => {
  it('writes every chunk in one transaction and commits', async () => {
    const { dataSource, calls } = fakeRunner();
    const writer = await PredictionBatchWriter.open(dataSource, options);
    await writer.write([prediction(1), prediction(2)]);
    await writer.write([prediction(3)]);
    await writer.commit();
    expect(calls).toEqual(['begin', 'insert 2', 'insert 1', 'commit', 'release']);
  });

  it('rolls everything back when a chunk fails, and reports the failure', async () => {
    const { dataSource, calls } = fakeRunner(1);
    const writer = await PredictionBatchWriter.open(dataSource, options);
    await writer.write([prediction(1)]);
    await expect(writer.write([prediction(2)])).rejects.toThrow('insert failed');
    await writer.abort();
    expect(calls).toEqual(['begin', 'insert 1', 'rollback', 'release']);
  });

  it('rolls back on abort after a failure elsewhere, and tolerates a second abort', async () => {
    const { dataSource, calls } = fakeRunner();
    const writer = await PredictionBatchWriter.open(dataSource, options);
    await writer.write([prediction(1)]);
    await writer.abort();
    await writer.abort();
    expect(calls).toEqual(['begin', 'insert 1', 'rollback', 'release']);
  });

  it('fails the commit if the last chunk failed', async () => {
    const { dataSource, calls } = fakeRunner(1);
    const writer = await PredictionBatchWriter.open(dataSource, options);
    await writer.write([prediction(1)]);
    await expect(writer.commit()).rejects.toThrow('insert failed');
    expect(calls).toEqual(['begin', 'insert 1', 'rollback', 'release']);
  });
});
