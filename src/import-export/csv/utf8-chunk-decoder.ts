import { CsvSyntaxError } from './csv-syntax.error';

/**
 * Turns byte chunks into text: UTF-8 only (a byte-order mark is dropped), strict (an invalid
 * byte sequence is refused rather than replaced), and no NUL characters, which only binary
 * files contain. Sequences split across chunks are handled.
 */
export class Utf8ChunkDecoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  private bytes = 0;

  /** Bytes decoded so far. */
  get bytesRead(): number {
    return this.bytes;
  }

  write(chunk: Uint8Array): string {
    this.bytes += chunk.byteLength;
    return this.check(() => this.decoder.decode(chunk, { stream: true }));
  }

  end(): string {
    return this.check(() => this.decoder.decode());
  }

  private check(decode: () => string): string {
    let text: string;
    try {
      text = decode();
    } catch {
      throw new CsvSyntaxError(
        'not_utf8',
        1,
        null,
        'The file is not UTF-8 text (save it as "CSV UTF-8").',
      );
    }
    if (text.includes('\u0000')) {
      throw new CsvSyntaxError('not_text', 1, null, 'The file holds binary data, not CSV text.');
    }
    return text;
  }
}
