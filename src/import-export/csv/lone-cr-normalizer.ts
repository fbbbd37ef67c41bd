/**
 * Turns a lone `\r` (old Mac line breaks) into `\n` across text chunks; `\r\n` is left alone (a
 * `\r` at the end of a chunk waits for the next one). Kept by hand because papaparse reads one
 * line-break style per input, and files edited with several tools mix them: with `\n` as
 * papaparse's line break, `\r\n` also ends a record (CsvRecordParser drops the `\r` left at the
 * end of the record, and papaparse accepts it after a closing quote), and this makes `\r` end
 * one too. A `\r\n` inside a quoted cell is kept; a lone `\r` there becomes `\n`.
 */
export class LoneCrNormalizer {
  private pendingCR = false;

  push(text: string): string {
    let out = this.pendingCR ? `\r${text}` : text;
    this.pendingCR = out.endsWith('\r');
    if (this.pendingCR) out = out.slice(0, -1);
    return out.includes('\r') ? out.replace(/\r(?!\n)/g, '\n') : out;
  }

  end(): string {
    const out = this.pendingCR ? '\n' : '';
    this.pendingCR = false;
    return out;
  }
}
