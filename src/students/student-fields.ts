import type { StudentProfile } from './entities/student-profile.entity';

/**
 * The writable fields of a student profile, by API name, with the entity property each maps
 * to. Personal fields are the ones a student may change on their own profile; everything else
 * is academic (the factors and the score) and only staff may change it.
 */
export const PERSONAL_FIELDS = ['first_name', 'last_name', 'email'] as const;
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

export const ACADEMIC_FIELDS = [
  'age',
  'gender',
  'hours_studied',
  'attendance',
  'parental_involvement',
  'access_to_resources',
  'extracurricular_activities',
  'sleep_hours',
  'previous_scores',
  'motivation_level',
  'internet_access',
  'tutoring_sessions',
  'family_income',
  'teacher_quality',
  'school_type',
  'peer_influence',
  'physical_activity',
  'learning_disabilities',
  'parental_education_level',
  'distance_from_home',
  'exam_score',
] as const;
export type AcademicField = (typeof ACADEMIC_FIELDS)[number];

export type WritableField = PersonalField | AcademicField;
export const WRITABLE_FIELDS: readonly WritableField[] = [...PERSONAL_FIELDS, ...ACADEMIC_FIELDS];

type WritableProperty = Exclude<
  keyof StudentProfile,
  'id' | 'studentId' | 'userId' | 'user' | 'createdAt' | 'updatedAt'
>;

/** API field → entity property. */
export const FIELD_PROPERTY: Readonly<Record<WritableField, WritableProperty>> = {
  first_name: 'firstName',
  last_name: 'lastName',
  email: 'email',
  age: 'age',
  gender: 'gender',
  hours_studied: 'hoursStudied',
  attendance: 'attendance',
  parental_involvement: 'parentalInvolvement',
  access_to_resources: 'accessToResources',
  extracurricular_activities: 'extracurricularActivities',
  sleep_hours: 'sleepHours',
  previous_scores: 'previousScores',
  motivation_level: 'motivationLevel',
  internet_access: 'internetAccess',
  tutoring_sessions: 'tutoringSessions',
  family_income: 'familyIncome',
  teacher_quality: 'teacherQuality',
  school_type: 'schoolType',
  peer_influence: 'peerInfluence',
  physical_activity: 'physicalActivity',
  learning_disabilities: 'learningDisabilities',
  parental_education_level: 'parentalEducationLevel',
  distance_from_home: 'distanceFromHome',
  exam_score: 'examScore',
};

const PERSONAL = new Set<string>(PERSONAL_FIELDS);
const ACADEMIC = new Set<string>(ACADEMIC_FIELDS);

/** The fields present (not undefined) in a change, split into personal and academic. */
export function splitFields(change: object): {
  personal: PersonalField[];
  academic: AcademicField[];
} {
  const personal: PersonalField[] = [];
  const academic: AcademicField[] = [];
  for (const [key, value] of Object.entries(change)) {
    if (value === undefined) continue;
    if (PERSONAL.has(key)) personal.push(key as PersonalField);
    else if (ACADEMIC.has(key)) academic.push(key as AcademicField);
  }
  return { personal, academic };
}

/**
 * Applies the present fields of `change` to `profile` and returns the names of those whose
 * value actually changed (names only: the audit log never holds the values).
 */
export function applyChange(
  profile: StudentProfile,
  change: Partial<Record<WritableField, unknown>>,
): WritableField[] {
  const changed: WritableField[] = [];
  for (const field of WRITABLE_FIELDS) {
    const value = change[field];
    if (value === undefined) continue;
    const property = FIELD_PROPERTY[field];
    if (profile[property] === value) continue;
    (profile as unknown as Record<string, unknown>)[property] = value;
    changed.push(field);
  }
  return changed;
}
