export type CsvSyntaxProblem =
  | 'unterminated_quote'
  | 'field_too_long'
  | 'header_too_long'
  | 'cell_count'
  | 'not_text'
  | 'not_utf8';

/** The file cannot be read as CSV text at all; no row after this point can be trusted. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly problem: CsvSyntaxProblem,
    /** Spreadsheet row number where the problem is (header = 1). */
    readonly row: number,
    /** Zero-based index of the cell, when known. */
    readonly cellIndex: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}
