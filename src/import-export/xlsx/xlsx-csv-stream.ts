import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { CellValue } from 'exceljs';
import { csvLine } from '../csv/csv-writer';
import { unreadableWorkbook } from './unreadable-workbook';
import { xlsxCellText } from './xlsx-cell-text';

/** CSV text is handed on in pieces of about this many characters. */
const PIECE_CHARS = 64 * 1024;
/** Excel's own limit of columns in a sheet; cells beyond it are not read. */
const MAX_COLUMNS = 16_384;

/**
 * The items of one of the workbook reader's iterators; an error the reader throws (not one of
 * the loop that takes the items) is told as what it says about the file (unreadableWorkbook).
 */
async function* readerItems<T>(
  items: AsyncIterable<T>,
  fileName: string,
  part: () => string,
): AsyncGenerator<T> {
  const iterator = items[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<T>;
      try {
        next = await iterator.next();
      } catch (error: unknown) {
        throw unreadableWorkbook(error, fileName, part());
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}

/**
 * The worksheet a worksheet reader reads, by the name a spreadsheet shows on its tab (exceljs
 * keeps it as `name`, `Sheet<n>` when the workbook does not name it).
 */
function worksheetPart(worksheet: object): string {
  const name = (worksheet as { name?: unknown }).name;
  return typeof name === 'string' && name !== ''
    ? `its worksheet "${name}"`
    : 'its first worksheet';
}

/**
 * The first worksheet of the workbook at `path` as CSV text (UTF-8), read with exceljs's
 * streaming reader: one CSV line per spreadsheet row, rows the sheet leaves out as blank lines
 * (so line numbers stay the sheet's row numbers), every row as wide as the header row. The
 * CSV importer then checks it exactly as it checks a CSV file. Destroying the stream (the
 * importer stops early) stops the reading. A workbook whose XML is malformed, or that exceljs
 * cannot read, errors the stream with NotXlsxError, naming `fileName` and the worksheet or part. exceljs is
 * loaded on the first workbook read, not when the service starts (it is large, and most
 * servers never read one).
 */
export function xlsxCsvStream(path: string, fileName: string): Readable {
  async function* lines(): AsyncGenerator<Buffer> {
    const { stream: excelStream } = await import('exceljs');
    const input = createReadStream(path);
    try {
      const reader = new excelStream.xlsx.WorkbookReader(input, {
        worksheets: 'emit',
        sharedStrings: 'cache',
        styles: 'cache',
        hyperlinks: 'ignore',
        entries: 'ignore',
      });
      let width = 0;
      let nextRow = 1;
      let piece = '';
      const workbookParts = () => 'its workbook, shared strings or styles';
      for await (const worksheet of readerItems(reader, fileName, workbookParts)) {
        const sheetPart = worksheetPart(worksheet);
        for await (const row of readerItems(worksheet, fileName, () => sheetPart)) {
          if (row.number < nextRow) continue;
          piece += '\n'.repeat(row.number - nextRow);
          nextRow = row.number + 1;
          const values = (row.values as (CellValue | undefined)[]).slice(1, MAX_COLUMNS + 1);
          if (row.number === 1) width = values.length;
          // row.values is sparse (no entry for an empty cell); every row is as wide as the header.
          const cells = Array.from({ length: Math.max(width, values.length) }, (_, i) =>
            xlsxCellText(values[i]),
          );
          piece += csvLine(cells);
          if (piece.length >= PIECE_CHARS) {
            yield Buffer.from(piece, 'utf8');
            piece = '';
          }
        }
        break; // the first worksheet only
      }
      if (piece.length > 0) yield Buffer.from(piece, 'utf8');
    } finally {
      input.destroy();
    }
  }
  return Readable.from(lines(), { objectMode: false });
}
