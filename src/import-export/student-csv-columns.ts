import { EXAM_SCORE, factorNamed } from '../students/factor-catalogue';
import { STUDENT_ROW_FIELDS, type StudentRowField } from '../students/student-row';

/** API name of a column of the students CSV. */
export type StudentCsvField = StudentRowField;

export interface StudentCsvColumn {
  field: StudentCsvField;
  /** Header as written on export (the data set's own spelling). */
  header: string;
  /** The column must be in an imported file. */
  required: boolean;
}

/** Headers of the columns that are not in the data set (the import's optional extras). */
const IDENTITY_HEADERS: Readonly<Record<string, string>> = {
  student_id: 'Student_ID',
  first_name: 'First_Name',
  last_name: 'Last_Name',
  age: 'Age',
  email: 'Email',
};

function column(field: StudentCsvField): StudentCsvColumn {
  const factor = factorNamed(field);
  if (factor) return { field, header: factor.header, required: true };
  if (field === EXAM_SCORE.name) return { field, header: EXAM_SCORE.header, required: false };
  return { field, header: IDENTITY_HEADERS[field], required: false };
}

/**
 * The columns of the students CSV, in export order (the students module's row order): the
 * identity columns, then the data set's 20 columns exactly as in
 * `seeds/StudentPerformanceFactors.csv` (the factor catalogue's headers, then Exam_Score). On
 * import the 19 factor columns are required; the identity columns and Exam_Score are optional.
 */
export const STUDENT_CSV_COLUMNS: readonly StudentCsvColumn[] = STUDENT_ROW_FIELDS.map(column);

/** `Distance_from_Home`, `distance from home` and `DISTANCEFROMHOME` are the same header. */
export function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(/[\s_]+/g, '');
}

const BY_NORMALIZED = new Map<string, StudentCsvColumn>(
  STUDENT_CSV_COLUMNS.map((column) => [normalizeHeader(column.header), column]),
);

export function columnForHeader(header: string): StudentCsvColumn | undefined {
  return BY_NORMALIZED.get(normalizeHeader(header));
}
