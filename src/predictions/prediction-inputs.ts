import type { EntityManager } from 'typeorm';
import { FEATURE_NAMES, LabelledStudent, StudentFactors } from './ml';
import { rowFactors } from './student-factors.mapper';

const FACTOR_COLUMNS = FEATURE_NAMES.map((name) => `"${name}"`).join(', ');

/** A profile's internal id, student id and factors. */
export interface StudentFactorsRow {
  id: string;
  studentId: string;
  factors: StudentFactors;
}

/**
 * The factors of the profiles among `studentIds`, in one query (callers chunk large lists).
 * Staff-only callers: no ownership restriction applies.
 */
export async function loadFactorsByStudentIds(
  manager: EntityManager,
  studentIds: readonly string[],
): Promise<StudentFactorsRow[]> {
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT id, student_id, ${FACTOR_COLUMNS} FROM student_profiles WHERE student_id = ANY($1::varchar[])`,
    [studentIds],
  );
  return rows.map((row) => ({
    id: row.id as string,
    studentId: row.student_id as string,
    factors: rowFactors(row),
  }));
}

/**
 * Every student with a known exam score, as training examples, in student-id order (the order
 * makes the data fingerprint, and so the model version, reproducible).
 */
export async function loadLabelledStudents(manager: EntityManager): Promise<LabelledStudent[]> {
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT ${FACTOR_COLUMNS}, exam_score FROM student_profiles
     WHERE exam_score IS NOT NULL ORDER BY student_id`,
  );
  return rows.map((row) => ({ factors: rowFactors(row), examScore: row.exam_score as number }));
}
