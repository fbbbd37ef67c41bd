import {
  columnForHeader,
  STUDENT_CSV_COLUMNS,
  StudentCsvColumn,
  StudentCsvField,
} from './student-csv-columns';

/** A problem with the header row (row 1); any one of them rejects the whole file. */
export interface HeaderProblem {
  column: string | null;
  message: string;
  code: 'unknown_column' | 'duplicate_column' | 'missing_column';
}

/** Which column each cell position of the file holds. */
export interface HeaderMapping {
  /** Per position: the column, or null for a cell without a header (its cells must be blank). */
  positions: readonly (StudentCsvColumn | null)[];
  /** Columns present in the file. */
  present: ReadonlySet<StudentCsvField>;
}

function shown(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * Matches the header cells to the known columns, ignoring case, spaces and underscores.
 * Unknown, repeated and missing required columns are problems; cells without a header
 * (e.g. a trailing separator) are allowed as long as the rows leave them blank.
 */
export function mapHeader(cells: readonly string[]): {
  mapping: HeaderMapping;
  problems: HeaderProblem[];
} {
  const problems: HeaderProblem[] = [];
  const positions: (StudentCsvColumn | null)[] = [];
  const present = new Set<StudentCsvField>();
  for (const raw of cells) {
    const header = raw.trim();
    if (header === '') {
      positions.push(null);
      continue;
    }
    const column = columnForHeader(header);
    if (!column) {
      problems.push({
        column: shown(header),
        message: `Unknown column "${shown(header)}".`,
        code: 'unknown_column',
      });
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
    positions.push(column);
  }
  for (const column of STUDENT_CSV_COLUMNS) {
    if (column.required && !present.has(column.field)) {
      problems.push({
        column: column.header,
        message: `Required column ${column.header} is missing.`,
        code: 'missing_column',
      });
    }
  }
  return { mapping: { positions, present }, problems };
}
