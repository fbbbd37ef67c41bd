import { CsvSyntaxError } from './csv-syntax.error';

/** One record of a CSV file. */
export interface CsvRecord {
  /** Row number as a spreadsheet shows it: the header is row 1, blank lines count. */
  row: number;
  /** The cells, at most `maxFieldsPerRecord` of them. */
  fields: string[];
  /** How many cells the record really has (may exceed `fields.length`). */
  fieldCount: number;
}

export interface CsvParserOptions {
  /** `,` or `;`; detected from the header line when not given. */
  delimiter?: ',' | ';';
  /** A cell longer than this stops the parse with `field_too_long`. */
  maxFieldLength: number;
  /** Cells beyond this many are counted but not kept. */
  maxFieldsPerRecord: number;
  /** The header line may be at most this long before a delimiter is chosen. */
  maxHeaderLength?: number;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const SEMICOLON = 0x3b;

/**
 * Incremental RFC 4180 parser: feed it text chunks with `push`, get complete records back, and
 * call `end` once. Memory is bounded by one chunk plus one record: a cell is refused as soon as
 * it grows past `maxFieldLength`, without keeping the rest of it, and extra cells are counted
 * rather than stored. Quoted cells may hold delimiters, quotes (`""`) and line breaks; `\n`,
 * `\r\n` and `\r` all end a record. A quote inside an unquoted cell, or text after a closing
 * quote, is kept as text.
 */
export class CsvRecordParser {
  private delimiter: number | null;
  private pending = '';
  private inQuotes = false;
  private afterQuote = false;
  private atFieldStart = true;
  private pendingCR = false;
  private dirty = false;
  private carry = '';
  private fields: string[] = [];
  private fieldCount = 0;
  private row = 1;
  private out: CsvRecord[] = [];
  private ended = false;

  constructor(private readonly options: CsvParserOptions) {
    this.delimiter =
      options.delimiter === undefined ? null : options.delimiter === ';' ? SEMICOLON : COMMA;
  }

  /** The delimiter in use, once known. */
  get detectedDelimiter(): ',' | ';' | null {
    if (this.delimiter === null) return null;
    return this.delimiter === SEMICOLON ? ';' : ',';
  }

  /** Row number of the record being read (for problems found outside the parser). */
  get currentRow(): number {
    return this.row;
  }

  /** Parses a chunk of text; returns the records completed by it. */
  push(text: string): CsvRecord[] {
    if (this.ended) throw new Error('CsvRecordParser: push after end');
    if (this.delimiter === null) {
      this.pending += text;
      const lineEnd = firstUnquotedLineEnd(this.pending);
      if (lineEnd < 0) {
        if (this.pending.length > (this.options.maxHeaderLength ?? 65_536)) {
          throw new CsvSyntaxError(
            'header_too_long',
            1,
            null,
            'The first line (the header) is too long; is this a CSV file?',
          );
        }
        return [];
      }
      this.delimiter = chooseDelimiter(this.pending.slice(0, lineEnd));
      text = this.pending;
      this.pending = '';
    }
    this.scan(text);
    return this.take();
  }

  /** Ends the input; returns the last record if the text did not end with a line break. */
  end(): CsvRecord[] {
    if (this.ended) return [];
    if (this.delimiter === null) {
      this.delimiter = chooseDelimiter(this.pending);
      const text = this.pending;
      this.pending = '';
      this.scan(text);
    }
    this.ended = true;
    if (this.inQuotes && !this.afterQuote) {
      throw new CsvSyntaxError(
        'unterminated_quote',
        this.row,
        this.fields.length,
        `Row ${this.row} opens a quoted cell that is never closed.`,
      );
    }
    if (this.dirty) {
      this.endField('');
      this.endRecord();
    }
    return this.take();
  }

  private take(): CsvRecord[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private scan(s: string): void {
    const delimiter = this.delimiter as number;
    const n = s.length;
    let i = 0;
    let start = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c === LF) {
          i += 1;
          start = i;
          continue;
        }
      }
      this.dirty = true;
      if (this.inQuotes) {
        if (this.afterQuote) {
          this.afterQuote = false;
          if (c === QUOTE) {
            // An escaped quote: the first was dropped, this one is text.
            start = i;
            i += 1;
            continue;
          }
          this.inQuotes = false;
          // The closing quote was dropped; `c` is handled as unquoted text below.
        } else {
          if (c === QUOTE) {
            this.carry += s.slice(start, i);
            this.checkLength(this.carry.length);
            this.afterQuote = true;
            i += 1;
            start = i;
          } else {
            i += 1;
          }
          continue;
        }
      }
      if (c === delimiter) {
        this.endField(s.slice(start, i));
        i += 1;
        start = i;
        this.atFieldStart = true;
      } else if (c === LF || c === CR) {
        this.endField(s.slice(start, i));
        this.endRecord();
        this.pendingCR = c === CR;
        i += 1;
        start = i;
      } else if (c === QUOTE && this.atFieldStart) {
        this.inQuotes = true;
        this.atFieldStart = false;
        i += 1;
        start = i;
      } else {
        this.atFieldStart = false;
        i += 1;
      }
    }
    if (start < n) {
      this.carry += s.slice(start, n);
      this.checkLength(this.carry.length);
    }
  }

  private checkLength(length: number): void {
    if (length > this.options.maxFieldLength) {
      throw new CsvSyntaxError(
        'field_too_long',
        this.row,
        this.fieldCount,
        `Row ${this.row}, cell ${this.fieldCount + 1} is longer than ${this.options.maxFieldLength} characters.`,
      );
    }
  }

  private endField(tail: string): void {
    const value = this.carry.length === 0 ? tail : this.carry + tail;
    this.checkLength(value.length);
    this.carry = '';
    if (this.fieldCount < this.options.maxFieldsPerRecord) this.fields.push(value);
    this.fieldCount += 1;
  }

  private endRecord(): void {
    this.out.push({ row: this.row, fields: this.fields, fieldCount: this.fieldCount });
    this.row += 1;
    this.fields = [];
    this.fieldCount = 0;
    this.atFieldStart = true;
    this.dirty = false;
  }
}

/** Index of the first line break outside quotes, or -1. */
function firstUnquotedLineEnd(text: string): number {
  let inQuotes = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (!inQuotes && (c === LF || c === CR)) return i;
  }
  return -1;
}

/** `;` when the header line has more semicolons than commas outside quotes, else `,`. */
function chooseDelimiter(headerLine: string): number {
  let commas = 0;
  let semicolons = 0;
  let inQuotes = false;
  for (let i = 0; i < headerLine.length; i += 1) {
    const c = headerLine.charCodeAt(i);
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (!inQuotes && c === COMMA) commas += 1;
    else if (!inQuotes && c === SEMICOLON) semicolons += 1;
  }
  return semicolons > commas ? SEMICOLON : COMMA;
}
