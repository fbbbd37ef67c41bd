import { STUDENT_FIELD_SPECS } from '../../students/dto/student-field-specs';
import { sqlTypeOf } from '../../students/student-row';
import { neutraliseFormula } from '../formula-guard';
import { STUDENT_CSV_COLUMNS, type StudentCsvColumn } from '../student-csv-columns';
import { csvCell } from './csv-writer';

/** A quoted SQL text literal. */
function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The characters JavaScript's `\s` matches: csvCell quotes a cell that starts or ends with one. */
const JS_SPACES =
  '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a' +
  '\u2028\u2029\u202f\u205f\u3000\ufeff';
/** csvCell's separators, quote and line breaks, as a PostgreSQL regular expression. */
const SPECIAL = '[",;\r\n]';

/** SQL: the text (not null) starts or ends with a JavaScript space; false for ''. */
function spaceAtEdge(text: string, edges: 'both' | 'end'): string {
  const at = (edge: string) => `strpos(${literal(JS_SPACES)}, ${edge}(${text}, 1)) > 0`;
  // strpos finds '' in any text, so the empty cell is excluded first.
  return edges === 'end'
    ? `(${text} <> '' AND ${at('right')})`
    : `(${text} <> '' AND (${at('left')} OR ${at('right')}))`;
}

/** SQL for csvCell's NEEDS_QUOTES test; `guarded`: the text gets a leading `'` first. */
function needsQuotes(text: string, guarded: boolean): string {
  return `(${text} ~ ${literal(SPECIAL)} OR ${spaceAtEdge(text, guarded ? 'end' : 'both')})`;
}

/** neutraliseFormula's GUARDED. */
const GUARDED = `^'*[-=+@\\t\\r\\n]`;

/**
 * Text both functions leave as it is, tested by one regular expression: it starts and ends
 * with an ASCII letter or digit (so neither a formula character, a quote nor a space is at
 * either edge) and holds no separator, quote or line break. Most names, ids and emails are
 * such; the others go through the full tests below.
 */
const PLAIN = `^[0-9A-Za-z]([^${SPECIAL.slice(1, -1)}]*[0-9A-Za-z])?$`;

/** A text value as csvCell(neutraliseFormula(value)) writes it; blank for null. */
function textCell(column: string): string {
  const quoted = (prefix: string) => `'"${prefix}' || replace(${column}, '"', '""') || '"'`;
  return (
    `CASE WHEN ${column} ~ ${literal(PLAIN)} THEN ${column} ` +
    `WHEN ${column} IS NULL THEN '' ` +
    `WHEN ${column} ~ ${literal(GUARDED)} THEN CASE WHEN ${needsQuotes(column, true)} THEN ${quoted("''")} ELSE '''' || ${column} END ` +
    `WHEN ${needsQuotes(column, false)} THEN ${quoted('')} ` +
    `ELSE ${column} END`
  );
}

/**
 * A double as JavaScript's String(value) writes it. With extra_float_digits above 0 both give
 * the shortest text that reads back to the same number, and both write it without exponent
 * from 1e-4 to below 1e15; JavaScript also writes 1e-6 to 1e-4 without one (`0.000015`, where
 * PostgreSQL writes `1.5e-05`), writes exponents without leading zeros (`1e-7`) and writes
 * -0 as `0`. Stored values are bounded by the factor catalogue's ranges, far below 1e15.
 */
function doubleCell(column: string): string {
  const text = `${column}::text`;
  const exponent = `split_part(${text}, 'e', 2)::int`;
  const digits = `replace(ltrim(split_part(${text}, 'e', 1), '-'), '.', '')`;
  const sign = `CASE WHEN ${column} < 0 THEN '-' ELSE '' END`;
  return (
    `CASE WHEN ${column} IS NULL THEN '' WHEN ${column} = 0 THEN '0' ` +
    `WHEN abs(${column}) < 1e-4 THEN CASE WHEN ${exponent} >= -6 ` +
    `THEN ${sign} || '0.' || repeat('0', -${exponent} - 1) || ${digits} ` +
    `ELSE regexp_replace(${text}, 'e-0*', 'e-') END ` +
    `ELSE ${text} END`
  );
}

/** Catalogue values a column may hold that the writer prints as they are. */
function plainValues(column: StudentCsvColumn): readonly string[] {
  const spec = column.field === 'student_id' ? null : STUDENT_FIELD_SPECS[column.field];
  if (spec?.kind !== 'enum') return [];
  return spec.values.filter((value) => csvCell(neutraliseFormula(value)) === value);
}

function cellSql(column: StudentCsvColumn, alias: string): string {
  const ref = `${alias}."${column.field}"`;
  switch (sqlTypeOf(column.field)) {
    case 'boolean':
      return `CASE ${ref} WHEN true THEN 'Yes' WHEN false THEN 'No' ELSE '' END`;
    case 'integer':
      return `COALESCE(${ref}::text, '')`;
    case 'double precision':
      return doubleCell(ref);
    default: {
      const plain = plainValues(column);
      // A value of the catalogue needs no check (the common case for category columns).
      return plain.length > 0
        ? `CASE WHEN ${ref} IN (${plain.map(literal).join(', ')}) THEN ${ref} ELSE ${textCell(ref)} END`
        : textCell(ref);
    }
  }
}

/**
 * One SQL expression giving the CSV line of a student row (the export's columns, aliased
 * `alias`, without the line break) exactly as csvLine over the exporter's cells writes it:
 * Yes/No, blanks for null, JavaScript's number text, the formula guard and CSV quoting. Lets
 * PostgreSQL write the export with COPY. Needs `extra_float_digits` above 0 (the default 1).
 */
export function studentCsvLineSql(alias: string): string {
  return STUDENT_CSV_COLUMNS.map((column) => `(${cellSql(column, alias)})`).join(` || ',' || `);
}
