/**
 * A double-quoted SQL identifier (a column, table or alias name), embedded quotes doubled. For
 * names the code chooses (the factor catalogue's, an alias), never for user input.
 */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
