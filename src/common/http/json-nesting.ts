const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * Whether raw JSON text opens more than `maxDepth` objects or arrays inside one another,
 * brackets inside strings not counted. One pass over the bytes, stopping at the first level too
 * deep, so a body of nothing but `[` costs microseconds instead of a full parse and the stack
 * of everything that walks the parsed value. UTF-8 is safe to scan byte by byte: every byte of
 * a multi-byte character is above 0x7f. Malformed text is left to the parser.
 */
export function exceedsJsonNesting(bytes: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}
