import { CsvSyntaxError } from './csv-syntax.error';
import { NotUtf8Error } from './not-utf8.error';

/** Bytes of an unfinished sequence at the end of `bytes` (0 to 3 of them), for valid UTF-8. */
function unfinishedTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: the lead is further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/**
 * The text of the longest start of `bytes` free of invalid sequences: a prefix that decodes
 * (in stream mode, where an unfinished last sequence is held back) stays valid when shortened,
 * so a binary search finds the first bad byte in about 16 decodes of a 64 KiB chunk.
 */
function textBeforeFirstBadByte(bytes: Uint8Array, atStart: boolean): string {
  const decodes = (length: number): string | null => {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: !atStart });
    try {
      return decoder.decode(bytes.subarray(0, length), { stream: true });
    } catch {
      return null;
    }
  };
  let good = 0;
  let bad = bytes.length + 1;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    if (decodes(middle) === null) bad = middle;
    else good = middle;
  }
  return decodes(good) ?? '';
}

/**
 * Turns byte chunks into text: UTF-8 only (a byte-order mark is dropped), strict (an invalid
 * byte sequence is refused rather than replaced, with the text before it; see NotUtf8Error),
 * and no NUL characters, which only binary files contain. Sequences split across chunks are
 * handled.
 */
export class Utf8ChunkDecoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  private bytes = 0;
  /** Copy of the unfinished sequence the decoder holds from earlier chunks. */
  private pending: Uint8Array = new Uint8Array(0);

  /** Bytes decoded so far. */
  get bytesRead(): number {
    return this.bytes;
  }

  write(chunk: Uint8Array): string {
    const before = this.bytes - this.pending.length;
    this.bytes += chunk.byteLength;
    const text = this.check(
      () => this.decoder.decode(chunk, { stream: true }),
      () => textBeforeFirstBadByte(Buffer.concat([this.pending, chunk]), before === 0),
    );
    const window = chunk.length >= 3 ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = Uint8Array.from(window.subarray(window.length - unfinishedTail(window)));
    return text;
  }

  end(): string {
    return this.check(
      () => this.decoder.decode(),
      () => '',
    );
  }

  private check(decode: () => string, textBefore: () => string): string {
    let text: string;
    try {
      text = decode();
    } catch {
      throw new NotUtf8Error(textBefore());
    }
    if (text.includes('\u0000')) {
      throw new CsvSyntaxError('not_text', 1, null, 'The file holds binary data, not CSV text.');
    }
    return text;
  }
}
