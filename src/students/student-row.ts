import { STUDENT_FIELD_SPECS } from './dto/student-field-specs';
import { FACTOR_NAMES } from './factor-catalogue';
import type { WritableField } from './student-fields';

/** A column of a student row: the student id or a writable field (API name = column name). */
export type StudentRowField = 'student_id' | WritableField;

export type StudentRowValue = string | number | boolean | null;

/** A new or imported student: a value for every field (null where unknown or not given). */
export type StudentRow = Readonly<Record<StudentRowField, StudentRowValue>>;

/**
 * The fields of a student row in the order bulk writes carry them: the identity columns, then
 * the data set's columns (the 19 factors in catalogue order, then the exam score).
 */
export const STUDENT_ROW_FIELDS: readonly StudentRowField[] = [
  'student_id',
  'first_name',
  'last_name',
  'age',
  'email',
  ...FACTOR_NAMES,
  'exam_score',
];

/** The SQL type a field's values are sent as (the column's own type, or text for varchar). */
export function sqlTypeOf(field: StudentRowField): string {
  if (field === 'student_id') return 'text';
  const spec = STUDENT_FIELD_SPECS[field];
  switch (spec.kind) {
    case 'number':
      return spec.integer ? 'integer' : 'double precision';
    case 'boolean':
      return 'boolean';
    case 'enum':
    case 'name':
    case 'email':
      return 'text';
  }
}
