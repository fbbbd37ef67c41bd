import { SaxesParser } from 'saxes';
import { unreadableWorkbook } from './unreadable-workbook';
import { NotXlsxError } from './xlsx-import.errors';

/** The error the XML parser the workbook reader uses throws for `xml`. */
function xmlError(xml: string): Error {
  const parser = new SaxesParser();
  try {
    parser.write(xml);
  } catch (error: unknown) {
    return error as Error;
  }
  throw new Error('the XML parsed');
}

describe('unreadableWorkbook', () => {
  it('names the file, the part, the line and column and what is wrong with malformed XML', () => {
    const error = unreadableWorkbook(
      xmlError('<sheetData>\n<row><c/></rwo>'),
      'roster.xlsx',
      'its worksheet "Roster"',
    );
    expect(error).toBeInstanceOf(NotXlsxError);
    expect((error as NotXlsxError).message).toMatch(
      /^"roster\.xlsx" cannot be read: its worksheet "Roster" holds malformed XML \(line 2, column \d+: unexpected close tag\)\. Upload an Excel workbook/,
    );
  });

  it('tells content the reader cannot lay out without its internal message', () => {
    const error = unreadableWorkbook(
      new TypeError("Cannot read properties of undefined (reading 'sheets')"),
      'roster.xlsx',
      'its first worksheet',
    ) as NotXlsxError;
    expect(error).toBeInstanceOf(NotXlsxError);
    expect(error.message).toMatch(/^"roster\.xlsx" cannot be read: its first worksheet is not/);
    expect(error.message).not.toMatch(/undefined|sheets/);
  });

  it('leaves an error of the system as it is', () => {
    const lost = Object.assign(new Error('ENOENT: no such file'), {
      code: 'ENOENT',
      syscall: 'open',
    });
    expect(unreadableWorkbook(lost, 'roster.xlsx', 'its first worksheet')).toBe(lost);
  });
});
