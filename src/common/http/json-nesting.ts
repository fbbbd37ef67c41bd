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
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) {
      i = endOfString(bytes, i);
      if (i < 0) return false;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}

/** The index of the quote closing the string opened at `start`, or -1 if it never closes. */
function endOfString(bytes: Uint8Array, start: number): number {
  let from = start + 1;
  for (;;) {
    // indexOf runs natively: strings, the bulk of most bodies, cost next to nothing.
    const quote = bytes.indexOf(QUOTE, from);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (bytes[quote - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}
