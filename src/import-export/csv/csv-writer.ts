const NEEDS_QUOTES = /[",;\r\n]|^\s|\s$/;

/** One CSV cell: quoted when it holds a separator, a quote, a line break or edge spaces. */
export function csvCell(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (comma-separated, `\n`-terminated, like the data set's own file). */
export function csvLine(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i += 1) {
    if (i > 0) line += ',';
    line += csvCell(cells[i]);
  }
  return `${line}\n`;
}
