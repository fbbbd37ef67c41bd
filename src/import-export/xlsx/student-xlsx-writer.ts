import { once } from 'node:events';
import type { PassThrough } from 'node:stream';
import type * as ExcelJS from 'exceljs';
import { STUDENT_CSV_COLUMNS } from '../student-csv-columns';

/** A stored value as the export reads it. */
export type XlsxExportValue = string | number | boolean | Date | null;

/** The cell of a stored value: numbers as numbers, Yes/No, empty for unknown, text as text. */
function cellOf(value: XlsxExportValue): string | number | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (value instanceof Date) return value.toISOString();
  return value;
}

/**
 * Writes the students workbook to `out` with exceljs's streaming writer: one worksheet,
 * "Students", the CSV export's columns in its order, a bold header row kept frozen on top.
 * Rows are committed as they are added, so memory stays flat. Text is always a text cell
 * (never a formula, whatever it starts with), numbers are number cells.
 */
export class StudentXlsxWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ReturnType<ExcelJS.stream.xlsx.WorkbookWriter['addWorksheet']>;

  /**
   * A writer on `out`. exceljs is loaded here, on the first XLSX export, rather than when the
   * service starts: it is large, and most servers never write a workbook.
   */
  static async open(out: PassThrough): Promise<StudentXlsxWriter> {
    const { stream } = await import('exceljs');
    return new StudentXlsxWriter(out, stream);
  }

  private constructor(
    private readonly out: PassThrough,
    excelStream: typeof ExcelJS.stream,
  ) {
    this.workbook = new excelStream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    this.workbook.creator = 'Student Performance Prediction API';
    this.sheet = this.workbook.addWorksheet('Students', {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    this.sheet.columns = STUDENT_CSV_COLUMNS.map((column) => ({
      key: column.field,
      width: Math.max(10, column.header.length + 2),
    }));
    const header = this.sheet.addRow(STUDENT_CSV_COLUMNS.map((column) => column.header));
    header.font = { bold: true };
    header.commit();
  }

  /** Adds a row of stored values (keyed by field) and writes it out. */
  addRow(row: Readonly<Record<string, XlsxExportValue>>): void {
    this.sheet.addRow(STUDENT_CSV_COLUMNS.map((column) => cellOf(row[column.field]))).commit();
  }

  /** Waits while the reader of `out` is behind, so rows are not buffered without bound. */
  async drained(): Promise<void> {
    while (this.out.writableNeedDrain && !this.out.destroyed) {
      await Promise.race([once(this.out, 'drain'), once(this.out, 'close')]);
    }
  }

  /** Finishes the workbook (the rest of the ZIP) and ends `out`. */
  async end(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
  }
}
