import {
  columnForHeader,
  STUDENT_CSV_COLUMNS,
  StudentCsvColumn,
  StudentCsvField,
} from './student-csv-columns';

/** What an import does with a column it does not know: skip it (a warning) or refuse the file. */
export type UnknownColumns = 'ignore' | 'error';

/** The rule of an import that names none: unknown columns are skipped with a warning. */
export const unknownColumnsRule = (rule: UnknownColumns | undefined): UnknownColumns =>
  rule ?? 'ignore';

/** A problem with the header row (row 1); any one of them rejects the whole file. */
export interface HeaderProblem {
  column: string | null;
  message: string;
  code: 'unknown_column' | 'duplicate_column' | 'missing_column';
}

/** A column of the header that was skipped (row 1); the import goes on without it. */
export interface HeaderWarning {
  column: string;
  message: string;
  code: 'unknown_column';
}

/** The columns of a file as the import saw them, for the report. */
export interface ImportColumns {
  /** Known columns of the file (their export spelling, e.g. `Student_ID`), in file order. */
  used: string[];
  /** Headers the import does not know, as the file spells them (skipped, or why it was refused). */
  ignored: string[];
  /** Known columns the file does not have (a missing required one is also a problem). */
  missing: string[];
}

/** Which column each cell position of the file holds. */
export interface HeaderMapping {
  /**
   * Per position: the column, or null for a cell without a header (its cells must be blank)
   * or an ignored column (its cells are skipped, see `ignored`).
   */
  positions: readonly (StudentCsvColumn | null)[];
  /** Positions of the unknown columns whose cells are skipped. */
  ignored: ReadonlySet<number>;
  /** Columns present in the file. */
  present: ReadonlySet<StudentCsvField>;
}

export interface HeaderMappingResult {
  mapping: HeaderMapping;
  problems: HeaderProblem[];
  warnings: HeaderWarning[];
  columns: ImportColumns;
}

function shown(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function missingColumns(present: ReadonlySet<StudentCsvField>): {
  missing: string[];
  problems: HeaderProblem[];
} {
  const missing: string[] = [];
  const problems: HeaderProblem[] = [];
  for (const column of STUDENT_CSV_COLUMNS) {
    if (present.has(column.field)) continue;
    missing.push(column.header);
    if (column.required) {
      problems.push({
        column: column.header,
        message: `Required column ${column.header} is missing.`,
        code: 'missing_column',
      });
    }
  }
  return { missing, problems };
}

/**
 * Matches the header cells to the known columns, ignoring case, spaces and underscores.
 * Repeated and missing required columns are problems; unknown columns are skipped with a
 * warning (`unknownColumns: 'ignore'`, the default) or are problems (`'error'`). Cells without
 * a header (e.g. a trailing separator) are allowed as long as the rows leave them blank.
 */
export function mapHeader(
  cells: readonly string[],
  unknownColumns: UnknownColumns = 'ignore',
): HeaderMappingResult {
  const problems: HeaderProblem[] = [];
  const warnings: HeaderWarning[] = [];
  const positions: (StudentCsvColumn | null)[] = [];
  const ignored = new Set<number>();
  const present = new Set<StudentCsvField>();
  const used: string[] = [];
  const unknown: string[] = [];
  for (const raw of cells) {
    const header = raw.trim();
    const column = header === '' ? undefined : columnForHeader(header);
    if (!column) {
      if (header !== '') {
        const name = shown(header);
        unknown.push(name);
        if (unknownColumns === 'ignore') {
          ignored.add(positions.length);
          warnings.push({
            column: name,
            code: 'unknown_column',
            message: `Unknown column "${name}" was ignored.`,
          });
        } else {
          problems.push({
            column: name,
            code: 'unknown_column',
            message: `Unknown column "${name}".`,
          });
        }
      }
      positions.push(null);
      continue;
    }
    if (present.has(column.field)) {
      problems.push({
        column: column.header,
        message: `Column ${column.header} appears more than once.`,
        code: 'duplicate_column',
      });
    }
    present.add(column.field);
    used.push(column.header);
    positions.push(column);
  }
  const { missing, problems: missingProblems } = missingColumns(present);
  problems.push(...missingProblems);
  return {
    mapping: { positions, ignored, present },
    problems,
    warnings,
    columns: { used, ignored: unknown, missing },
  };
}
