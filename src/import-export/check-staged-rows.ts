import type {
  StagedDuplicate,
  StagedLikelyDuplicate,
  StudentStaging,
} from '../students/student-staging';
import { ImportWarning, MAX_REPORTED_PROBLEMS } from './import-problems';
import type { StudentCsvField } from './student-csv-columns';
import type { LoadedRows } from './student-csv-reader';
import type { ImportMode } from './student-import.types';
import type { ImportProblem } from './student-row-parser';

/** The columns a likely duplicate by name needs. */
const NAME_AND_AGE: readonly StudentCsvField[] = ['first_name', 'last_name', 'age'];

function duplicateIdProblem(d: StagedDuplicate): ImportProblem {
  if (d.by_email) {
    return {
      row: d.row_no,
      column: 'Email',
      code: 'duplicate_student_id',
      message: `The email belongs to student ${d.student_id}, whom row ${d.first_row} already updates.`,
    };
  }
  const how = d.first_by_email ? ' (matched by its email)' : '';
  return {
    row: d.row_no,
    column: 'Student_ID',
    code: 'duplicate_student_id',
    message: `Student_ID ${d.student_id} is already used in row ${d.first_row}${how}.`,
  };
}

function nameOf(d: StagedLikelyDuplicate): string {
  return `${d.first_name ?? ''} ${d.last_name ?? ''}, age ${d.age ?? ''}`;
}

function likelyDuplicateWarning(d: StagedLikelyDuplicate): ImportWarning {
  const row = d.row_no;
  const own = d.student_id === null ? 'New student' : `New student ${d.student_id}`;
  switch (d.kind) {
    case 'existing':
      return {
        row,
        column: null,
        code: 'likely_duplicate',
        message: `${own} ${nameOf(d)}, has the name and age of existing student ${d.other_id ?? ''}; check they are not the same person.`,
      };
    case 'row':
      return {
        row,
        column: null,
        code: 'likely_duplicate',
        message: `${own} ${nameOf(d)}, has the same name and age as row ${d.other_row ?? ''}.`,
      };
    case 'email':
      return {
        row,
        column: 'Email',
        code: 'likely_duplicate',
        message: `Email ${d.email ?? ''} is also in row ${d.other_row ?? ''}, with another Student_ID.`,
      };
    case 'shared_email':
      return {
        row,
        column: 'Email',
        code: 'ambiguous_email',
        message: `Email ${d.email ?? ''} belongs to ${d.owners ?? ''} students; the earliest created, ${d.student_id ?? ''}, is the one updated.`,
      };
  }
}

/**
 * The checks of the staged rows as a whole, each one set-based statement: rows sharing an
 * email where either has no Student_ID (problems), matching rows without Student_ID to
 * existing students by email, rows repeating a Student_ID (problems; in partial mode the later
 * rows of both kinds are dropped), then likely duplicates among the new students (warnings).
 * Checks whose columns the file lacks are skipped.
 */
export async function checkStagedRows(
  staging: StudentStaging,
  load: LoadedRows,
  mode: ImportMode,
): Promise<void> {
  const hasEmails = load.present.has('email');
  if (hasEmails) await checkEmails(staging, load, mode);
  if (hasEmails && load.generatesIds) await staging.matchEmails();
  const ids = await staging.duplicates(MAX_REPORTED_PROBLEMS);
  if (ids.length > 0) {
    load.problems.merge(ids.map(duplicateIdProblem), ids[0].total);
    load.duplicateRows += ids[0].total;
    if (mode === 'partial') await staging.dropDuplicates();
  }
  const byName = NAME_AND_AGE.every((field) => load.present.has(field));
  if (!byName && !hasEmails) return;
  const likely = await staging.likelyDuplicates(MAX_REPORTED_PROBLEMS, {
    byName,
    byEmail: hasEmails,
  });
  if (likely.length > 0) load.warnings.merge(likely.map(likelyDuplicateWarning), likely[0].total);
}

/** Rows repeating an earlier row's email where either has no Student_ID are problems. */
async function checkEmails(staging: StudentStaging, load: LoadedRows, mode: ImportMode) {
  const emails = await staging.duplicateEmails(MAX_REPORTED_PROBLEMS);
  if (emails.length > 0) {
    const problems = emails.map((e): ImportProblem => ({
      row: e.row_no,
      column: 'Email',
      code: 'duplicate_email',
      message: `Email ${e.email} is already in row ${e.first_row}; a row without Student_ID is matched by its email, so the rows cannot be told apart.`,
    }));
    load.problems.merge(problems, emails[0].total);
    load.duplicateRows += emails[0].total;
    if (mode === 'partial') await staging.dropDuplicateEmails();
  }
}
