import type { ImportProblem } from './student-row-parser';

/** At most this many problems are kept in a report; `error_count` has them all. */
export const MAX_REPORTED_PROBLEMS = 100;

/**
 * The problems of one import, in row order: the first MAX_REPORTED_PROBLEMS are kept, the
 * rest only counted, so a file full of mistakes cannot fill the memory or the report.
 */
export class ProblemList {
  private readonly kept: ImportProblem[] = [];
  private total = 0;

  add(problem: ImportProblem): void {
    this.total += 1;
    if (this.kept.length < MAX_REPORTED_PROBLEMS) this.kept.push(problem);
  }

  /** Adds problems counted elsewhere (e.g. in SQL) of which only the first are given. */
  merge(first: readonly ImportProblem[], total: number): void {
    const all = [...this.kept, ...first].sort((a, b) => a.row - b.row);
    this.kept.length = 0;
    this.kept.push(...all.slice(0, MAX_REPORTED_PROBLEMS));
    this.total += total;
  }

  get count(): number {
    return this.total;
  }

  get items(): ImportProblem[] {
    return [...this.kept];
  }
}
