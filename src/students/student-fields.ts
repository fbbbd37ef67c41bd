import type { StudentProfile } from './entities/student-profile.entity';
import { FACTOR_NAMES, FACTORS, type FactorName } from './factor-catalogue';

/**
 * The writable fields of a student profile, by API name, with the entity property each maps
 * to. Personal fields are the ones a student may change on their own profile; everything else
 * is academic (the factors and the score) and only staff may change it.
 */
export const PERSONAL_FIELDS = ['first_name', 'last_name', 'email'] as const;
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

/** Academic fields: age, the 19 factors (in catalogue order) and the exam score. */
export const ACADEMIC_FIELDS = ['age', ...FACTOR_NAMES, 'exam_score'] as const;
export type AcademicField = 'age' | FactorName | 'exam_score';

export type WritableField = PersonalField | AcademicField;
export const WRITABLE_FIELDS: readonly WritableField[] = [...PERSONAL_FIELDS, ...ACADEMIC_FIELDS];

type WritableProperty = Exclude<
  keyof StudentProfile,
  'id' | 'studentId' | 'userId' | 'user' | 'autoLink' | 'createdAt' | 'updatedAt'
>;

/** API field → entity property (the factors' from the catalogue). */
export const FIELD_PROPERTY = {
  first_name: 'firstName',
  last_name: 'lastName',
  email: 'email',
  age: 'age',
  ...Object.fromEntries(FACTORS.map((f) => [f.name, f.property])),
  exam_score: 'examScore',
} as Readonly<Record<WritableField, WritableProperty>>;

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
