import { loadConfig } from '../config/load-config';
import { HEAVY_WORK_LOCK_KEYS, HeavyWorkLimiter } from './heavy-work-limiter';
import { HeavyWorkLimitError } from './heavy-work.errors';

function limiter(env: Record<string, string> = {}): HeavyWorkLimiter {
  return new HeavyWorkLimiter(
    loadConfig({
      NODE_ENV: 'test',
      MAX_CONCURRENT_BATCH_PREDICTIONS: '2',
      MAX_CONCURRENT_IMPORTS: '1',
      MAX_CONCURRENT_EXPORTS: '2',
      MAX_CONCURRENT_TRAININGS: '1',
      DB_HEAVY_POOL_MAX: '4',
      HEAVY_WORK_RETRY_AFTER_SECONDS: '7',
      ...env,
    }),
  );
}

function refusalOf(work: () => unknown): HeavyWorkLimitError {
  try {
    work();
  } catch (error: unknown) {
    if (error instanceof HeavyWorkLimitError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('HeavyWorkLimiter', () => {
  it('admits up to the lane limit, then refuses at once with a 429 and Retry-After', () => {
    const limits = limiter();
    limits.admit('batch_prediction');
    limits.admit('batch_prediction');
    const refusal = refusalOf(() => limits.admit('batch_prediction'));
    expect(refusal.status).toBe(429);
    expect(refusal.code).toBe('heavy_work_limit');
    expect(refusal.headers).toEqual({ 'Retry-After': '7' });
    expect(refusal.extensions).toEqual({ lane: 'batch_prediction', limit: 2 });
    expect(refusal.message).toMatch(/at most 2 at once.*retry after 7 seconds/);
    expect(limits.inUse('batch_prediction')).toBe(2);
  });

  it('keeps each lane to its own limit', () => {
    const limits = limiter();
    limits.admit('import');
    expect(refusalOf(() => limits.admit('import')).extensions).toEqual({
      lane: 'import',
      limit: 1,
    });
    expect(() => limits.admit('export')).not.toThrow();
  });

  it('gives a place back on release, once however often it is called', () => {
    const limits = limiter();
    const first = limits.admit('import');
    first.release();
    first.release();
    expect(limits.inUse('import')).toBe(0);
    const second = limits.admit('import');
    expect(limits.inUse('import')).toBe(1);
    first.release();
    expect(limits.inUse('import')).toBe(1);
    expect(() => limits.admit('import')).toThrow(HeavyWorkLimitError);
    second.release();
    expect(() => limits.admit('import')).not.toThrow();
  });

  it('never admits more work in all lanes together than the heavy pool has connections', () => {
    const limits = limiter({ DB_HEAVY_POOL_MAX: '3' });
    limits.admit('batch_prediction');
    limits.admit('batch_prediction');
    const exportLease = limits.admit('export');
    const refusal = refusalOf(() => limits.admit('import'));
    expect(refusal.message).toMatch(/All 3 connections for heavy work/);
    expect(refusal.extensions).toEqual({ lane: 'import', limit: 1 });
    exportLease.release();
    expect(() => limits.admit('import')).not.toThrow();
  });

  it('releases the place of work run through it, whether it succeeds or fails', async () => {
    const limits = limiter();
    await expect(limits.run('import', () => Promise.resolve('done'))).resolves.toBe('done');
    await expect(limits.run('import', () => Promise.reject(new Error('broken')))).rejects.toThrow(
      'broken',
    );
    expect(limits.inUse('import')).toBe(0);
  });

  it('claims a cluster slot with a transaction advisory lock on the lane key', async () => {
    const limits = limiter();
    const calls: unknown[][] = [];
    const slot = await limits.claimClusterSlot('export', {
      query: (sql: string, parameters?: unknown[]) => {
        calls.push([sql, parameters]);
        return Promise.resolve([{ slot: 1 }]);
      },
    });
    expect(slot).toBe(1);
    expect(calls).toHaveLength(1);
    expect(calls[0][0]).toMatch(/pg_try_advisory_xact_lock\(\$1::int, slot\)/);
    expect(calls[0][1]).toEqual([HEAVY_WORK_LOCK_KEYS.export, 2]);
  });

  it('refuses with the same 429 when every cluster slot of the lane is taken', async () => {
    const limits = limiter();
    const claim = limits.claimClusterSlot('training', { query: () => Promise.resolve([]) });
    await expect(claim).rejects.toThrow(HeavyWorkLimitError);
    await expect(claim).rejects.toThrow(/across the service \(at most 1 at once\)/);
  });

  it('uses one distinct lock key per lane', () => {
    const keys = Object.values(HEAVY_WORK_LOCK_KEYS);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
