import {
  DISTANCES,
  GENDERS,
  LEVELS,
  PARENTAL_EDUCATION_LEVELS,
  PEER_INFLUENCES,
  SCHOOL_TYPES,
} from '../students/student-factor-ranges';

/** How a factor is analysed: numeric (correlation, slope, bins) or by group (per value). */
export type FactorKind = 'numeric' | 'categorical' | 'boolean';

export const UNKNOWN_VALUE = 'Unknown';
export const YES = 'Yes';
export const NO = 'No';

interface FactorBase {
  /** API name, which is also the student_profiles column name. */
  readonly name: string;
  /** Lower-case words for messages, e.g. "parental involvement". */
  readonly label: string;
}

export interface NumericFactor extends FactorBase {
  readonly kind: 'numeric';
  /** One unit of the factor, for "each additional …" messages. */
  readonly unit: string;
}

export interface GroupedFactor extends FactorBase {
  readonly kind: 'categorical' | 'boolean';
  /** Known values in their natural order ("Yes"/"No" for booleans). */
  readonly values: readonly string[];
  /** The column may be NULL; such students form the group "Unknown". */
  readonly nullable: boolean;
}

export type FactorSpec = NumericFactor | GroupedFactor;

function numeric(name: string, label: string, unit: string): NumericFactor {
  return { kind: 'numeric', name, label, unit };
}

function categorical(
  name: string,
  label: string,
  values: readonly string[],
  nullable = false,
): GroupedFactor {
  return { kind: 'categorical', name, label, values, nullable };
}

function boolean(name: string, label: string): GroupedFactor {
  return { kind: 'boolean', name, label, values: [YES, NO], nullable: false };
}

/** The 19 factors of the data set, in the data set's column order. */
export const FACTORS: readonly FactorSpec[] = [
  numeric('hours_studied', 'hours studied', 'hour studied per week'),
  numeric('attendance', 'attendance', 'percentage point of attendance'),
  categorical('parental_involvement', 'parental involvement', LEVELS),
  categorical('access_to_resources', 'access to resources', LEVELS),
  boolean('extracurricular_activities', 'extracurricular activities'),
  numeric('sleep_hours', 'sleep hours', 'hour of sleep per night'),
  numeric('previous_scores', 'previous scores', 'point of previous score'),
  categorical('motivation_level', 'motivation level', LEVELS),
  boolean('internet_access', 'internet access'),
  numeric('tutoring_sessions', 'tutoring sessions', 'tutoring session'),
  categorical('family_income', 'family income', LEVELS),
  categorical('teacher_quality', 'teacher quality', LEVELS, true),
  categorical('school_type', 'school type', SCHOOL_TYPES),
  categorical('peer_influence', 'peer influence', PEER_INFLUENCES),
  numeric('physical_activity', 'physical activity', 'hour of physical activity per week'),
  boolean('learning_disabilities', 'learning disabilities'),
  categorical(
    'parental_education_level',
    'parental education level',
    PARENTAL_EDUCATION_LEVELS,
    true,
  ),
  categorical('distance_from_home', 'distance from home', DISTANCES, true),
  categorical('gender', 'gender', GENDERS),
];

export const FACTOR_NAMES: readonly string[] = FACTORS.map((f) => f.name);

export const NUMERIC_FACTORS: readonly NumericFactor[] = FACTORS.filter(
  (f): f is NumericFactor => f.kind === 'numeric',
);

export const GROUPED_FACTORS: readonly GroupedFactor[] = FACTORS.filter(
  (f): f is GroupedFactor => f.kind !== 'numeric',
);

/** The dimensions of `GET /analytics/demographics`, in response order. */
export const DEMOGRAPHIC_DIMENSIONS = [
  'gender',
  'school_type',
  'family_income',
  'parental_education_level',
  'distance_from_home',
  'internet_access',
  'learning_disabilities',
] as const;
export type DemographicDimension = (typeof DEMOGRAPHIC_DIMENSIONS)[number];

export function findFactor(name: string): FactorSpec | undefined {
  return FACTORS.find((f) => f.name === name);
}

export function groupedFactor(name: string): GroupedFactor {
  const spec = findFactor(name);
  if (!spec || spec.kind === 'numeric') throw new Error(`${name} is not a grouped factor`);
  return spec;
}

/**
 * The values a grouped factor's groups are listed under: every known value (so charts keep
 * a stable shape), then "Unknown" when the column is nullable and some students have no value.
 */
export function groupValuesInOrder(spec: GroupedFactor, present: Iterable<string>): string[] {
  const values = [...spec.values];
  const seen = new Set(present);
  if (spec.nullable && seen.has(UNKNOWN_VALUE)) values.push(UNKNOWN_VALUE);
  return values;
}
