import { Transform, type TransformCallback } from 'node:stream';

const BACKSLASH = 0x5c;
const LINE_FEED = 0x0a;
/** COPY text format's escapes (`\\`, `\b`, `\f`, `\n`, `\r`, `\t`, `\v`) and their bytes. */
const ESCAPED: Readonly<Record<number, number>> = {
  [BACKSLASH]: BACKSLASH,
  0x62: 0x08,
  0x66: 0x0c,
  0x6e: LINE_FEED,
  0x72: 0x0d,
  0x74: 0x09,
  0x76: 0x0b,
};

/**
 * Turns the output of `COPY (SELECT one text column) TO STDOUT` (text format) back into the
 * column's bytes, one value per line: each `\`-escape becomes its character again. Chunks
 * without a backslash, the usual case, pass through as they are. Counts the lines it has
 * passed (`lines`), i.e. the rows, as every row ends with the one unescaped line feed.
 */
export class CopyTextDecoder extends Transform {
  lines = 0;
  /** A backslash that ended the previous chunk, waiting for the character it escapes. */
  private pendingEscape = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    let input = chunk;
    if (this.pendingEscape && input.length > 0) {
      input = Buffer.concat([Buffer.from([BACKSLASH]), input]);
      this.pendingEscape = false;
    }
    this.lines += countLineFeeds(input);
    let escape = input.indexOf(BACKSLASH);
    if (escape < 0) {
      callback(null, input);
      return;
    }
    const out = Buffer.allocUnsafe(input.length);
    let written = 0;
    let from = 0;
    while (escape >= 0) {
      if (escape === input.length - 1) {
        this.pendingEscape = true;
        break;
      }
      written += input.copy(out, written, from, escape);
      const code = input[escape + 1];
      const byte = ESCAPED[code];
      if (byte === undefined) {
        callback(new Error(`Unexpected escape \\${String.fromCharCode(code)} in COPY output`));
        return;
      }
      out[written] = byte;
      written += 1;
      from = escape + 2;
      escape = input.indexOf(BACKSLASH, from);
    }
    const end = this.pendingEscape ? input.length - 1 : input.length;
    written += input.copy(out, written, from, end);
    callback(null, out.subarray(0, written));
  }

  override _flush(callback: TransformCallback) {
    callback(this.pendingEscape ? new Error('COPY output ended inside an escape') : null);
  }
}

function countLineFeeds(buffer: Buffer): number {
  let count = 0;
  let at = buffer.indexOf(LINE_FEED);
  while (at >= 0) {
    count += 1;
    at = buffer.indexOf(LINE_FEED, at + 1);
  }
  return count;
}
