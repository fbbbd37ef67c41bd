/** Students per database query and per inference call in a batch prediction. */
export const BATCH_CHUNK_SIZE = 2_000;

/**
 * Students in a batch's first chunk: the database has nothing to write until that chunk is
 * read, predicted and made into COPY text (about 45 ms for 2,000 students, 12 ms for 500), and
 * from then on it is the slower side, so a small first chunk starts it sooner.
 */
export const FIRST_BATCH_CHUNK_SIZE = 500;

/**
 * Students per inference within a chunk. A chunk's work in this process (inference,
 * explanations, COPY text, answer JSON) holds the event loop, and every step of the database's
 * work on the previous chunk waits for a turn of it: the COPY's data is sent only once the server
 * has answered the COPY command, and the alert evaluation only once the COPY is done. Done in
 * slices of this many students with a turn of the event loop between them, so that the
 * database waits a slice at most, not a whole chunk.
 */
export const BATCH_SLICE_SIZE = 250;

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
