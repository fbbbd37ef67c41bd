/**
 * One value in PostgreSQL's COPY text format: `\N` for null, and backslash, tab, line feed and
 * carriage return escaped. Numbers use JavaScript's shortest round-trip form.
 */
export function copyTextValue(value: string | number | boolean | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) =>
        c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
      )
    : value;
}

/** One line of COPY text format. */
export function copyTextLine(values: readonly (string | number | boolean | null)[]): string {
  let line = '';
  for (let i = 0; i < values.length; i += 1) {
    if (i > 0) line += '\t';
    line += copyTextValue(values[i]);
  }
  return `${line}\n`;
}
