import type { ImportProblem } from './student-row-parser';

/** At most this many problems (and, apart, warnings) are kept in a report; the counts have them all. */
export const MAX_REPORTED_PROBLEMS = 100;

/**
 * Kind of an import warning: `unknown_column`, a column that was ignored; `likely_duplicate`, a
 * new student that looks like an existing one or like another row (same name and age, or a
 * Student_ID row sharing another row's email); `ambiguous_email`, a row without Student_ID
 * whose email belongs to several students (the earliest created was updated).
 */
export type ImportWarningCode = 'unknown_column' | 'likely_duplicate' | 'ambiguous_email';

/** Something worth a look that did not stop a row: located like a problem. */
export interface ImportWarning {
  /** Spreadsheet row number: the header is row 1, the first data row is row 2. */
  row: number;
  column: string | null;
  message: string;
  code: ImportWarningCode;
}

/**
 * The problems (or warnings) of one import, in row order: the first MAX_REPORTED_PROBLEMS are
 * kept, the rest only counted, so a file full of mistakes cannot fill the memory or the report.
 */
export class ProblemList<T extends { row: number } = ImportProblem> {
  private readonly kept: T[] = [];
  private total = 0;

  add(problem: T): void {
    this.total += 1;
    if (this.kept.length < MAX_REPORTED_PROBLEMS) this.kept.push(problem);
  }

  /** Adds problems counted elsewhere (e.g. in SQL) of which only the first are given. */
  merge(first: readonly T[], total: number): void {
    const all = [...this.kept, ...first].sort((a, b) => a.row - b.row);
    this.kept.length = 0;
    this.kept.push(...all.slice(0, MAX_REPORTED_PROBLEMS));
    this.total += total;
  }

  get count(): number {
    return this.total;
  }

  get items(): T[] {
    return [...this.kept];
  }
}

/** The warnings of one import, kept and counted as problems are. */
export class WarningList extends ProblemList<ImportWarning> {}
