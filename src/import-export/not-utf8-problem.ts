import type { CsvRecordParser } from './csv/csv-record-parser';
import type { NotUtf8Error } from './csv/not-utf8.error';
import { HeaderMapping, mapHeader } from './header-mapping';
import type { ImportProblem } from './student-row-parser';

const FIX =
  'The file is not UTF-8 text, probably saved in a legacy encoding such as Windows-1252. In Excel, use Save As with the type "CSV UTF-8 (Comma delimited)" and import that file.';

/**
 * The `not_utf8` problem at the first bad byte: the text before it is fed to the parser, which
 * then stands at the byte's row and cell; the cell is named by the header when there is one.
 * Costs at most one more chunk of parsing, and only for a file that is refused anyway.
 */
export function notUtf8Problem(
  error: NotUtf8Error,
  parser: CsvRecordParser,
  mapping: HeaderMapping | null,
): ImportProblem {
  const { records, row, cellIndex } = parser.pushAndLocate(error.textBefore);
  const header = records.find((r) => r.fields.some((cell) => cell.trim() !== ''));
  const positions = (mapping ?? (header ? mapHeader(header.fields).mapping : null))?.positions;
  const column = row > 1 ? (positions?.[cellIndex]?.header ?? null) : null;
  const place =
    row === 1
      ? `Row 1 (the header), cell ${cellIndex + 1}`
      : `Row ${row}, ${column === null ? `cell ${cellIndex + 1}` : `column ${column}`}`;
  return {
    row,
    column,
    code: 'not_utf8',
    message: `${place} holds a byte that is not UTF-8. ${FIX}`,
  };
}
