import { BATCH_CHUNK_SIZE, batchChunks, chunks, FIRST_BATCH_CHUNK_SIZE } from './batch-chunks';

describe('chunks', () => {
  it('splits in order into chunks of at most the size', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([1, 2, 3, 4], 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('gives no chunk for no items', () => {
    expect(chunks([], 3)).toEqual([]);
  });

  it('splits a full batch of 10,000 students into five queries', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `STU${i}`);
    const parts = chunks(ids, BATCH_CHUNK_SIZE);
    expect(parts).toHaveLength(5);
    expect(parts.flat()).toEqual(ids);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => chunks([1], 0)).toThrow(RangeError);
    expect(() => chunks([1], 1.5)).toThrow(RangeError);
  });
});

describe('batchChunks', () => {
  it('splits a full batch of 10,000 students into a first chunk of 500, then chunks of 2,000', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `STU${i}`);
    const parts = batchChunks(ids);
    expect(parts.map((p) => p.length)).toEqual([500, 2_000, 2_000, 2_000, 2_000, 1_500]);
    expect(parts.flat()).toEqual(ids);
    expect(FIRST_BATCH_CHUNK_SIZE).toBe(500);
    expect(BATCH_CHUNK_SIZE).toBe(2_000);
  });

  it('gives one chunk for a small batch and none for no items', () => {
    expect(batchChunks(['a', 'b'])).toEqual([['a', 'b']]);
    expect(batchChunks(Array.from({ length: 500 }, (_, i) => i))).toHaveLength(1);
    expect(batchChunks(Array.from({ length: 501 }, (_, i) => i)).map((p) => p.length)).toEqual([
      500, 1,
    ]);
    expect(batchChunks([])).toEqual([]);
  });
});
