/** Students per database query and per inference call in a batch prediction. */
export const BATCH_CHUNK_SIZE = 2_000;

/**
 * Students in a batch's first chunk: the database has nothing to write until that chunk is
 * read, predicted and made into COPY text (about 45 ms for 2,000 students, 12 ms for 500), and
 * from then on it is the slower side, so a small first chunk starts it sooner.
 */
export const FIRST_BATCH_CHUNK_SIZE = 500;

/** Splits `items` into consecutive chunks of at most `size` items (none empty). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('size must be a positive integer');
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    out.push(items.slice(start, start + size));
  }
  return out;
}

/** A batch's chunks: FIRST_BATCH_CHUNK_SIZE items, then BATCH_CHUNK_SIZE at a time (none empty). */
export function batchChunks<T>(items: readonly T[]): T[][] {
  if (items.length <= FIRST_BATCH_CHUNK_SIZE) return chunks(items, FIRST_BATCH_CHUNK_SIZE);
  return [
    items.slice(0, FIRST_BATCH_CHUNK_SIZE),
    ...chunks(items.slice(FIRST_BATCH_CHUNK_SIZE), BATCH_CHUNK_SIZE),
  ];
}
