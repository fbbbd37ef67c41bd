import { BATCH_CHUNK_SIZE, chunks } from './batch-chunks';

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
