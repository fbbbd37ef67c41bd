import type { IncomingHttpHeaders } from 'node:http';

/** Media types of Excel workbooks; a client naming one in `Accept` opens the file in Excel. */
const EXCEL_MEDIA_TYPE =
  /application\/vnd\.(ms-excel|openxmlformats-officedocument\.spreadsheetml\.sheet)\b/i;
/** Excel itself (`Microsoft Office Excel …`) and its Power Query (`Microsoft.Data.Mashup`). */
const EXCEL_USER_AGENT = /\bExcel\b|\bMicrosoft\.Data\.Mashup\b/i;

/**
 * Whether a request comes from, or for, Excel: its `Accept` names an Excel media type or its
 * `User-Agent` names Excel or Power Query. Decides the CSV export's byte-order mark when the
 * client does not choose (`bom`).
 */
export function clientAsksForExcel(headers: IncomingHttpHeaders): boolean {
  return (
    EXCEL_MEDIA_TYPE.test(headers.accept ?? '') ||
    EXCEL_USER_AGENT.test(headers['user-agent'] ?? '')
  );
}
