import { Writable } from 'node:stream';
import type { DataSource, QueryRunner } from 'typeorm';
import type { StudentFactors } from './ml';
import { NewPrediction, PredictionBatchWriter, predictionCopyLines } from './prediction-store';

function fakeRunner(failOnCall?: number) {
  const calls: string[] = [];
  let queries = 0;
  // The COPY of a chunk: counts its lines, and fails when it is the call to fail.
  const client = {
    query: jest.fn(() => {
      queries += 1;
      const failing = queries === failOnCall;
      let text = '';
      return new Writable({
        write(chunk: Buffer, _encoding, done) {
          text += chunk.toString();
          done();
        },
        final(done) {
          calls.push(`insert ${text.split('\n').length - 1}`);
          done(failing ? new Error('insert failed') : null);
        },
      });
    }),
  };
  const runner = {
    isReleased: false,
    isTransactionActive: false,
    connect: jest.fn(async () => client),
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
    manager: {},
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
});
