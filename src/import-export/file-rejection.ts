import type { ImportColumns } from './header-mapping';
import type { ImportWarning } from './import-problems';
import type { ImportProblem } from './student-row-parser';

/** What was learnt of a refused file before it was refused (once its header was read). */
export interface RejectedFileContext {
  columns: ImportColumns | null;
  warnings: ImportWarning[];
  warningCount: number;
}

/** The whole file is refused (header, encoding, size); nothing is written. */
export class FileRejection extends Error {
  constructor(
    readonly problems: ImportProblem[],
    readonly rowsTotal: number,
    readonly context: RejectedFileContext = { columns: null, warnings: [], warningCount: 0 },
  ) {
    super(problems[0]?.message ?? 'The file was rejected.');
  }
}
