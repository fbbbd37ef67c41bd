import type { ImportLimits } from '../config/app-config';
import { CsvRecord, CsvRecordParser } from './csv/csv-record-parser';
import { CsvSyntaxError } from './csv/csv-syntax.error';
import { NotUtf8Error } from './csv/not-utf8.error';
import { copyTextLine } from './csv/pg-copy-text';
import { Utf8ChunkDecoder } from './csv/utf8-chunk-decoder';
import { FileRejection } from './file-rejection';
import { HeaderMapping, ImportColumns, mapHeader, UnknownColumns } from './header-mapping';
import { ProblemList, WarningList } from './import-problems';
import { notUtf8Problem } from './not-utf8-problem';
import { STUDENT_CSV_COLUMNS, StudentCsvField } from './student-csv-columns';
import { ImportProblem, parseStudentRow, VALUE_INDEX } from './student-row-parser';

/** What reading a file found: counts, problems and warnings, the columns. */
export interface LoadedRows {
  rowsTotal: number;
  validRows: number;
  invalidRows: number;
  /** Valid rows dropped for repeating an earlier row's Student_ID or email (partial mode). */
  duplicateRows: number;
  problems: ProblemList;
  warnings: WarningList;
  present: ReadonlySet<StudentCsvField>;
  /** The file's columns; null until its header is read. */
  columns: ImportColumns | null;
  /** Some valid row has no Student_ID, so importing it twice could create two students. */
  generatesIds: boolean;
}

/** Cells kept per record: a file's columns beyond this many are counted, not stored. */
const MAX_CELLS = 100;

function isBlank(record: CsvRecord): boolean {
  return record.fieldCount === 1 && record.fields[0].trim() === '';
}

/**
 * Reads a students CSV chunk by chunk: decodes UTF-8, parses records, maps the header and
 * checks each data row, handing the valid rows to `sink` as COPY text lines. Anything that
 * refuses the whole file is thrown as a FileRejection.
 */
export class StudentCsvReader {
  readonly result: LoadedRows = {
    rowsTotal: 0,
    validRows: 0,
    invalidRows: 0,
    duplicateRows: 0,
    problems: new ProblemList(),
    warnings: new WarningList(),
    present: new Set(),
    columns: null,
    generatesIds: false,
  };
  private readonly decoder = new Utf8ChunkDecoder();
  private readonly parser: CsvRecordParser;
  private mapping: HeaderMapping | null = null;
  private blankFirstRow = false;

  constructor(
    private readonly limits: ImportLimits,
    private readonly unknownColumns: UnknownColumns,
    private readonly sink: (line: string) => void,
  ) {
    this.parser = new CsvRecordParser({
      maxFieldLength: limits.maxFieldLength,
      maxFieldsPerRecord: MAX_CELLS,
    });
  }

  get bytesRead(): number {
    return this.decoder.bytesRead;
  }

  push(chunk: Buffer): void {
    const text = this.decoded(() => this.decoder.write(chunk));
    this.parsed(() => this.parser.push(text));
  }

  /** The end of the file: the last records, then the checks of the whole file. */
  end(): void {
    const last = this.decoded(() => this.decoder.end());
    this.parsed(() => this.parser.push(last));
    this.parsed(() => this.parser.end());
    if (this.mapping === null) {
      throw this.rejection([
        { row: 1, column: null, code: 'empty_file', message: 'The file is empty.' },
      ]);
    }
    if (this.result.rowsTotal === 0) {
      throw this.rejection([
        {
          row: 2,
          column: null,
          code: 'no_data_rows',
          message: 'The file has a header but no data rows.',
        },
      ]);
    }
  }

  private decoded(decode: () => string): string {
    try {
      return decode();
    } catch (error: unknown) {
      throw this.decodeRejection(error);
    }
  }

  private parsed(parse: () => CsvRecord[]): void {
    try {
      for (const record of parse()) this.accept(record);
    } catch (error: unknown) {
      throw this.syntaxRejection(error);
    }
  }

  private accept(record: CsvRecord): void {
    if (this.mapping !== null) {
      if (!isBlank(record)) this.acceptRow(record, this.mapping);
      return;
    }
    if (isBlank(record)) {
      this.blankFirstRow = true;
      return;
    }
    if (this.blankFirstRow) {
      throw this.rejection([
        {
          row: 1,
          column: null,
          code: 'no_header',
          message: 'Row 1 is blank; the first row must be the header.',
        },
      ]);
    }
    this.mapping = this.header(record);
  }

  private acceptRow(record: CsvRecord, mapping: HeaderMapping): void {
    const result = this.result;
    result.rowsTotal += 1;
    if (result.rowsTotal > this.limits.maxRows) {
      throw this.rejection([
        {
          row: record.row,
          column: null,
          code: 'too_many_rows',
          message: `The file has more than ${this.limits.maxRows} data rows.`,
        },
      ]);
    }
    const parsed = parseStudentRow(record, mapping, {
      decimalComma: this.parser.detectedDelimiter === ';',
    });
    if (parsed.row === null) {
      result.invalidRows += 1;
      for (const problem of parsed.problems) result.problems.add(problem);
      return;
    }
    result.validRows += 1;
    if (parsed.row.values[VALUE_INDEX.student_id] === null) result.generatesIds = true;
    this.sink(copyTextLine([parsed.row.row, ...parsed.row.values]));
  }

  private header(record: CsvRecord): HeaderMapping {
    const found = mapHeader(record.fields, this.unknownColumns);
    this.result.present = found.mapping.present;
    this.result.columns = found.columns;
    for (const warning of found.warnings) this.result.warnings.add({ row: 1, ...warning });
    const problems: ImportProblem[] = found.problems.map((p) => ({ row: 1, ...p }));
    if (record.fieldCount > record.fields.length) {
      problems.push({
        row: 1,
        column: null,
        code: 'unknown_column',
        message: `The header has ${record.fieldCount} columns; at most ${STUDENT_CSV_COLUMNS.length} are known.`,
      });
    }
    if (problems.length > 0) throw this.rejection(problems);
    return found.mapping;
  }

  /** A refusal of the file, with what is known of it so far. */
  private rejection(problems: ImportProblem[]): FileRejection {
    const { columns, warnings, rowsTotal } = this.result;
    return new FileRejection(problems, rowsTotal, {
      columns,
      warnings: warnings.items,
      warningCount: warnings.count,
    });
  }

  /** A byte that is not UTF-8 is located by row and column; other problems as syntaxRejection. */
  private decodeRejection(error: unknown): Error {
    if (!(error instanceof NotUtf8Error)) return this.syntaxRejection(error);
    try {
      return this.rejection([notUtf8Problem(error, this.parser, this.mapping)]);
    } catch (earlier: unknown) {
      // A problem in the text before the bad byte (e.g. a cell too long) comes first.
      return this.syntaxRejection(earlier);
    }
  }

  private syntaxRejection(error: unknown): Error {
    if (!(error instanceof CsvSyntaxError)) {
      return error instanceof Error ? error : new Error(String(error));
    }
    const row = error.problem === 'not_text' ? this.parser.currentRow : error.row;
    return this.rejection([{ row, column: null, code: error.problem, message: error.message }]);
  }
}
