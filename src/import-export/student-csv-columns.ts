import type { WritableField } from '../students/student-fields';

/** API name of a column of the students CSV. */
export type StudentCsvField = 'student_id' | WritableField;

export interface StudentCsvColumn {
  field: StudentCsvField;
  /** Header as written on export (the data set's own spelling). */
  header: string;
  /** The column must be in an imported file. */
  required: boolean;
}

/**
 * The columns of the students CSV, in export order: the identity columns, then the data set's
 * 20 columns exactly as in `seeds/StudentPerformanceFactors.csv`. On import the 19 factor
 * columns are required; the identity columns and Exam_Score are optional.
 */
export const STUDENT_CSV_COLUMNS: readonly StudentCsvColumn[] = [
  { field: 'student_id', header: 'Student_ID', required: false },
  { field: 'first_name', header: 'First_Name', required: false },
  { field: 'last_name', header: 'Last_Name', required: false },
  { field: 'age', header: 'Age', required: false },
  { field: 'email', header: 'Email', required: false },
  { field: 'hours_studied', header: 'Hours_Studied', required: true },
  { field: 'attendance', header: 'Attendance', required: true },
  { field: 'parental_involvement', header: 'Parental_Involvement', required: true },
  { field: 'access_to_resources', header: 'Access_to_Resources', required: true },
  { field: 'extracurricular_activities', header: 'Extracurricular_Activities', required: true },
  { field: 'sleep_hours', header: 'Sleep_Hours', required: true },
  { field: 'previous_scores', header: 'Previous_Scores', required: true },
  { field: 'motivation_level', header: 'Motivation_Level', required: true },
  { field: 'internet_access', header: 'Internet_Access', required: true },
  { field: 'tutoring_sessions', header: 'Tutoring_Sessions', required: true },
  { field: 'family_income', header: 'Family_Income', required: true },
  { field: 'teacher_quality', header: 'Teacher_Quality', required: true },
  { field: 'school_type', header: 'School_Type', required: true },
  { field: 'peer_influence', header: 'Peer_Influence', required: true },
  { field: 'physical_activity', header: 'Physical_Activity', required: true },
  { field: 'learning_disabilities', header: 'Learning_Disabilities', required: true },
  { field: 'parental_education_level', header: 'Parental_Education_Level', required: true },
  { field: 'distance_from_home', header: 'Distance_from_Home', required: true },
  { field: 'gender', header: 'Gender', required: true },
  { field: 'exam_score', header: 'Exam_Score', required: false },
];

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
