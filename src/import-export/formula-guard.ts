/**
 * Text a spreadsheet would run as a formula: it starts with `=`, `+`, `-`, `@`, a tab or a line
 * break, possibly behind quotes already added by this guard.
 */
const GUARDED = /^'*[=+\-@\t\r\n]/;

/**
 * A text cell a spreadsheet would run as a formula gets a leading `'`, which spreadsheets show
 * as plain text. Only for text: numbers are written by the exporter and never start that way.
 * Text that already starts with `'` before such a character gets one more, so that
 * `stripFormulaGuard` gives back exactly the original.
 */
export function neutraliseFormula(text: string): string {
  return GUARDED.test(text) ? `'${text}` : text;
}

/** Undoes `neutraliseFormula`, so an exported file imports back to the same text. */
export function stripFormulaGuard(text: string): string {
  return text.charCodeAt(0) === 0x27 && GUARDED.test(text.slice(1)) ? text.slice(1) : text;
}
