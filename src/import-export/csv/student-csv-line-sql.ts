import { STUDENT_FIELD_SPECS } from '../../students/dto/student-field-specs';
import { sqlTypeOf } from '../../students/student-row';
import { neutraliseFormula } from '../formula-guard';
import { STUDENT_CSV_COLUMNS, type StudentCsvColumn } from '../student-csv-columns';
import { csvCell } from './csv-writer';

/**
 * The characters JavaScript's `\s` matches, as a PostgreSQL bracket expression: csvCell quotes
 * a cell that starts or ends with one of them.
 */
const JS_SPACE =
  '[\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]';
/** csvCell's NEEDS_QUOTES. */
const NEEDS_QUOTES = `[",;\\r\\n]|^${JS_SPACE}|${JS_SPACE}$`;
/** The same, for a cell that neutraliseFormula prefixed with `'` (so it cannot start with a space). */
const NEEDS_QUOTES_AFTER_GUARD = `[",;\\r\\n]|${JS_SPACE}$`;
/** neutraliseFormula's GUARDED. */
const GUARDED = `^'*[-=+@\\t\\r\\n]`;

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** A text value as csvCell(neutraliseFormula(value)) writes it; blank for null. */
function textCell(column: string): string {
  const quoted = (prefix: string) => `'"${prefix}' || replace(${column}, '"', '""') || '"'`;
  return (
    `CASE WHEN ${column} IS NULL THEN '' ` +
    `WHEN ${column} ~ ${literal(GUARDED)} THEN CASE WHEN ${column} ~ ${literal(NEEDS_QUOTES_AFTER_GUARD)} THEN ${quoted("''")} ELSE '''' || ${column} END ` +
    `WHEN ${column} ~ ${literal(NEEDS_QUOTES)} THEN ${quoted('')} ` +
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
