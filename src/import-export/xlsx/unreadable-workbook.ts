import { NotXlsxError } from './xlsx-import.errors';

/** How the XML parser (saxes) words a malformed document: `line:column: what`. */
const XML_ERROR = /^(\d+):(\d+): (.+?)\.?$/;

/** An error of the system (the upload's file, the disk) rather than of the file's content. */
function isSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as { syscall?: unknown }).syscall === 'string';
}

/**
 * What the workbook reader's error says about the workbook `fileName`, whose part `part` it
 * was reading: malformed XML (named with its line and column) or content it cannot read, as
 * NotXlsxError (422), like the other workbooks that cannot be read. An error of the system
 * (the upload's file) stays as it is: it says nothing about the file.
 */
export function unreadableWorkbook(error: unknown, fileName: string, part: string): unknown {
  if (!(error instanceof Error) || isSystemError(error)) return error;
  const xml = XML_ERROR.exec(error.message);
  if (xml) {
    const [, line, column, what] = xml;
    return new NotXlsxError(
      `"${fileName}" cannot be read: ${part} holds malformed XML (line ${line}, column ${column}: ${what}).`,
    );
  }
  return new NotXlsxError(
    `"${fileName}" cannot be read: ${part} is not laid out as in a workbook.`,
  );
}
