import { PayloadTooLargeError, UnprocessableError } from '../../common/errors/common.errors';

/** The upload says it is a workbook (name or type) or is a ZIP file, but is no XLSX workbook. */
export class NotXlsxError extends UnprocessableError {
  override readonly code = 'not_xlsx';
  constructor(why: string) {
    super(
      `${why} Upload an Excel workbook saved as .xlsx (Excel Workbook), or the data as CSV UTF-8; nothing was imported.`,
    );
  }
}

/** The workbook unpacks to more than the server accepts (a ZIP bomb, or simply too much data). */
export class XlsxTooLargeError extends PayloadTooLargeError {
  override readonly code = 'xlsx_too_large';
  constructor(limit: number) {
    super(
      `The workbook unpacks to more than ${limit} bytes, more than an import accepts; nothing was imported. Split it into smaller files.`,
    );
  }
}
