/** Students per database query and per inference call in a batch prediction. */
export const BATCH_CHUNK_SIZE = 2_000;

/** Splits `items` into consecutive chunks of at most `size` items (none empty). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('size must be a positive integer');
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    out.push(items.slice(start, start + size));
  }
  return out;
}
