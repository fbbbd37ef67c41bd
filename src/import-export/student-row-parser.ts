import { isEmail } from 'class-validator';
import { personNameProblem } from '../common/validation/person-name';
import { STUDENT_FIELD_SPECS, StudentFieldSpec } from '../students/dto/student-field-specs';
import { STUDENT_ID_MAX_LENGTH, STUDENT_ID_PATTERN, STUDENT_ID_RULE } from '../students/student-id';
import type { CsvRecord } from './csv/csv-record-parser';
import type { CsvSyntaxProblem } from './csv/csv-syntax.error';
import { stripFormulaGuard } from './formula-guard';
import type { HeaderMapping } from './header-mapping';
import { STUDENT_CSV_COLUMNS, StudentCsvColumn, StudentCsvField } from './student-csv-columns';

export type CellValue = string | number | boolean | null;

/** Machine-readable kind of an import problem. */
export type ImportProblemCode =
  | 'invalid_value'
  | 'required_value'
  | 'cell_count'
  | 'unnamed_cell'
  | 'duplicate_student_id'
  /** A row without Student_ID (or with one) repeating the email of a row without one. */
  | 'duplicate_email'
  | 'unknown_column'
  | 'duplicate_column'
  | 'missing_column'
  | 'empty_file'
  | 'no_header'
  | 'no_data_rows'
  | 'too_many_rows'
  | 'file_too_large'
  /** A failed import: the database went away meanwhile. */
  | 'database_unavailable'
  /** A failed import: another error stopped it. */
  | 'import_failed'
  | CsvSyntaxProblem;

/** One problem found in the file, located as a spreadsheet shows it. */
export interface ImportProblem {
  /** Spreadsheet row number: the header is row 1, the first data row is row 2. */
  row: number;
  /** Column header, or null when the problem is the whole row or file. */
  column: string | null;
  message: string;
  code: ImportProblemCode;
}

/** A valid row: its values in the order of STUDENT_CSV_COLUMNS (null where blank or absent). */
export interface StudentCsvRow {
  row: number;
  values: CellValue[];
}

export interface RowParseOptions {
  /** `7,5` is 7.5 (files separated by `;` come from locales with a decimal comma). */
  decimalComma: boolean;
}

/** Position of each field in StudentCsvRow.values. */
export const VALUE_INDEX: Readonly<Record<StudentCsvField, number>> = Object.fromEntries(
  STUDENT_CSV_COLUMNS.map((column, index) => [column.field, index]),
) as Record<StudentCsvField, number>;

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
const DECIMAL_COMMA = /^[-+]?\d+,\d+$/;

function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

const CANONICAL_CHOICES = new Map<StudentCsvField, Map<string, string>>();
for (const column of STUDENT_CSV_COLUMNS) {
  if (column.field === 'student_id') continue;
  const spec = STUDENT_FIELD_SPECS[column.field];
  if (spec.kind === 'enum') {
    CANONICAL_CHOICES.set(column.field, new Map(spec.values.map((v) => [v.toLowerCase(), v])));
  }
}

/** A cell's value, or a problem message. The text is already trimmed and not blank. */
function parseCell(
  column: StudentCsvColumn,
  spec: StudentFieldSpec,
  text: string,
  options: RowParseOptions,
): { value: CellValue } | { message: string } {
  const name = column.header;
  switch (spec.kind) {
    case 'number': {
      const normalized =
        options.decimalComma && DECIMAL_COMMA.test(text) ? text.replace(',', '.') : text;
      const n = NUMBER.test(normalized) ? Number(normalized) : Number.NaN;
      const kind = spec.integer ? 'a whole number' : 'a number';
      if (!Number.isFinite(n) || (spec.integer && !Number.isInteger(n))) {
        return { message: `${name} must be ${kind} (got ${quoted(text)}).` };
      }
      if (n < spec.min || n > spec.max) {
        return {
          message: `${name} must be between ${spec.min} and ${spec.max} (got ${quoted(text)}).`,
        };
      }
      return { value: n === 0 ? 0 : n };
    }
    case 'enum': {
      const value = CANONICAL_CHOICES.get(column.field)?.get(text.toLowerCase());
      if (value === undefined) {
        return {
          message: `${name} must be one of ${spec.values.join(', ')} (got ${quoted(text)}).`,
        };
      }
      return { value };
    }
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower === 'yes' || lower === 'true') return { value: true };
      if (lower === 'no' || lower === 'false') return { value: false };
      return { message: `${name} must be Yes or No (got ${quoted(text)}).` };
    }
    case 'name': {
      const value = stripFormulaGuard(text).trim();
      if (value.length > spec.maxLength) {
        return { message: `${name} must be at most ${spec.maxLength} characters.` };
      }
      const problem = value === '' ? undefined : personNameProblem(value);
      if (problem) return { message: `${name} ${problem}.` };
      return { value: value === '' ? null : value };
    }
    case 'email': {
      const value = stripFormulaGuard(text).trim().toLowerCase();
      if (value.length > spec.maxLength) {
        return { message: `${name} must be at most ${spec.maxLength} characters.` };
      }
      if (!isEmail(value))
        return { message: `${name} must be an email address (got ${quoted(text)}).` };
      return { value };
    }
  }
}

function parseStudentId(text: string): { value: CellValue } | { message: string } {
  if (text.length > STUDENT_ID_MAX_LENGTH || !STUDENT_ID_PATTERN.test(text)) {
    return { message: `Student_ID must be ${STUDENT_ID_RULE} (got ${quoted(text)}).` };
  }
  return { value: text };
}

/**
 * Checks one data row against the same rules as the API (ranges and values from the students
 * module's field specs). Blank cells are unknown: allowed where the field is nullable (and for
 * the optional identity columns: a blank Student_ID gets a generated one, blank names get
 * placeholders), a problem elsewhere. Every problem of the row is reported, not only the first.
 */
export function parseStudentRow(
  record: CsvRecord,
  mapping: HeaderMapping,
  options: RowParseOptions,
): { row: StudentCsvRow | null; problems: ImportProblem[] } {
  const { positions } = mapping;
  const problems: ImportProblem[] = [];
  const problem = (code: ImportProblemCode, column: string | null, message: string) =>
    problems.push({ row: record.row, column, message, code });

  const extraValues =
    record.fieldCount > record.fields.length ||
    record.fields.slice(positions.length).some((cell) => cell.trim() !== '');
  if (record.fieldCount < positions.length || extraValues) {
    problem(
      'cell_count',
      null,
      `Row has ${record.fieldCount} cells but the header has ${positions.length}` +
        ' (a missing separator, or an unquoted separator inside a cell?).',
    );
    return { row: null, problems };
  }

  const values: CellValue[] = new Array<CellValue>(STUDENT_CSV_COLUMNS.length).fill(null);
  for (let i = 0; i < positions.length; i += 1) {
    const column = positions[i];
    const text = record.fields[i].trim();
    if (column === null) {
      if (text !== '' && !mapping.ignored.has(i))
        problem('unnamed_cell', null, `Cell ${i + 1} has a value but its column has no header.`);
      continue;
    }
    if (column.field === 'student_id') {
      if (text === '') continue;
      const parsed = parseStudentId(text);
      if ('message' in parsed) problem('invalid_value', column.header, parsed.message);
      else values[VALUE_INDEX.student_id] = parsed.value;
      continue;
    }
    const spec = STUDENT_FIELD_SPECS[column.field];
    if (text === '') {
      const optionalIdentity = spec.kind === 'name';
      if (!spec.nullable && !optionalIdentity)
        problem('required_value', column.header, `${column.header} is required.`);
      continue;
    }
    const parsed = parseCell(column, spec, text, options);
    if ('message' in parsed) problem('invalid_value', column.header, parsed.message);
    else values[VALUE_INDEX[column.field]] = parsed.value;
  }
  return { row: problems.length === 0 ? { row: record.row, values } : null, problems };
}
