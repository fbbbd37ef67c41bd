/**
 * The 19 factors of the data set, defined once: the API names (which are also the
 * student_profiles columns), the entity properties, the CSV headers, the kinds, the allowed
 * values and ranges, and the words that describe them. DTO validation, Swagger enums, the
 * entity's CHECK constraints, the import and export, the model's encoding and analytics are
 * all derived from this list.
 *
 * A plain data module: it imports nothing, so the model code can use it without the web app.
 *
 * The order of FACTORS is the column order of the model's input tensor and of the data set's
 * CSV, and the order of each value set is the model's ordinal encoding (the code is the index):
 * the shipped model depends on both, so neither may be reordered. A value set may accept more
 * values than the model learnt from (`learnt`, a prefix of `values`): those are stored,
 * imported, exported and analysed like any other, and the model treats them as unknown.
 */

/** A set of allowed values, in encoding order, with its name in the OpenAPI document. */
export interface FactorValueSet<V extends string = string> {
  readonly schemaName: string;
  readonly description: string;
  /** Every accepted value, in encoding order. */
  readonly values: readonly V[];
  /**
   * The values the model's encoding gives a code (the first ones of `values`, in the same
   * order). New values go after them, so the codes of a served model never change.
   */
  readonly learnt: readonly V[];
}

function valueSet<const V extends string>(
  schemaName: string,
  values: readonly V[],
  description: string,
  learnt: readonly NoInfer<V>[] = values,
): FactorValueSet<V> {
  if (learnt.some((value, i) => values[i] !== value)) {
    throw new Error(`${schemaName}: the learnt values must be the first values, in order`);
  }
  return { schemaName, values, description, learnt };
}

export const LEVEL_VALUES = valueSet(
  'Level',
  ['Low', 'Medium', 'High'],
  'A three-step level (parental involvement, access to resources, motivation, family income, teacher quality).',
);
/**
 * The data set records Male and Female only, so the model learnt from those two; Non-binary and
 * Not stated are accepted everywhere, and the model does not use gender for such a student (it
 * averages over the learnt values, see predictions/ml/unlearnt-values.ts). Both fit the
 * varchar(10) column exactly.
 */
export const GENDER_VALUES = valueSet(
  'Gender',
  ['Male', 'Female', 'Non-binary', 'Not stated'],
  'Gender: Male, Female, Non-binary or Not stated. The model learnt from Male and Female only; for other values it does not use gender.',
  ['Male', 'Female'],
);
export const SCHOOL_TYPE_VALUES = valueSet(
  'SchoolType',
  ['Public', 'Private'],
  'Public or private school.',
);
export const PEER_INFLUENCE_VALUES = valueSet(
  'PeerInfluence',
  ['Negative', 'Neutral', 'Positive'],
  'Influence of peers on the student’s studies.',
);
export const PARENTAL_EDUCATION_LEVEL_VALUES = valueSet(
  'ParentalEducationLevel',
  ['High School', 'College', 'Postgraduate'],
  'Highest education level of the parents.',
);
export const DISTANCE_FROM_HOME_VALUES = valueSet(
  'DistanceFromHome',
  ['Near', 'Moderate', 'Far'],
  'Distance from home to school.',
);

export type Level = (typeof LEVEL_VALUES.values)[number];
export type Gender = (typeof GENDER_VALUES.values)[number];
export type SchoolType = (typeof SCHOOL_TYPE_VALUES.values)[number];
export type PeerInfluence = (typeof PEER_INFLUENCE_VALUES.values)[number];
export type ParentalEducationLevel = (typeof PARENTAL_EDUCATION_LEVEL_VALUES.values)[number];
export type DistanceFromHome = (typeof DISTANCE_FROM_HOME_VALUES.values)[number];

interface FactorBase<N extends string> {
  /** API field name and student_profiles column. */
  readonly name: N;
  /** StudentProfile property: the name in camelCase. */
  readonly property: string;
  /** Header in the data set's CSV (import and export). */
  readonly header: string;
  /** One short sentence, without a full stop. */
  readonly description: string;
  /** The name's words, for messages: "parental involvement". */
  readonly label: string;
}

export interface NumericFactor<N extends string = string> extends FactorBase<N> {
  readonly kind: 'numeric';
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  readonly nullable: false;
  /** One unit of the factor, for "each additional …" messages. */
  readonly unit: string;
  readonly example: number;
}

export interface BooleanFactor<N extends string = string> extends FactorBase<N> {
  readonly kind: 'boolean';
  readonly nullable: false;
  readonly example: boolean;
}

export interface CategoryFactor<
  N extends string = string,
  V extends string = string,
> extends FactorBase<N> {
  readonly kind: 'category';
  readonly valueSet: FactorValueSet<V>;
  /** The value may be unknown (null; blank in the CSV). */
  readonly nullable: boolean;
  readonly example: V;
}

export type Factor = NumericFactor | BooleanFactor | CategoryFactor;

/** What each entry states; the entity property and the label follow from the name. */
interface Entry<N extends string> {
  name: N;
  header: string;
  description: string;
}

const camelCase = (name: string) => name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

function base<N extends string>(entry: Entry<N>): FactorBase<N> {
  return { ...entry, property: camelCase(entry.name), label: entry.name.replace(/_/g, ' ') };
}

function numeric<const N extends string>(
  entry: Entry<N> & { min: number; max: number; integer?: boolean; unit: string; example: number },
): NumericFactor<N> {
  const { min, max, integer = false, unit, example } = entry;
  return { kind: 'numeric', ...base(entry), min, max, integer, unit, example, nullable: false };
}

function boolean<const N extends string>(entry: Entry<N> & { example: boolean }): BooleanFactor<N> {
  return { kind: 'boolean', ...base(entry), example: entry.example, nullable: false };
}

function category<const N extends string, V extends string, const Nullable extends boolean>(
  entry: Entry<N> & { values: FactorValueSet<V>; example: NoInfer<V>; nullable: Nullable },
): CategoryFactor<N, V> & { readonly nullable: Nullable } {
  const { values, example, nullable } = entry;
  return { kind: 'category', ...base(entry), valueSet: values, example, nullable };
}

/** The 19 factors in the model's column order (also the data set's CSV order). */
export const FACTORS = [
  numeric({
    name: 'hours_studied',
    header: 'Hours_Studied',
    description: 'Hours studied per week',
    min: 0,
    max: 60,
    unit: 'hour studied per week',
    example: 23,
  }),
  numeric({
    name: 'attendance',
    header: 'Attendance',
    description: 'Percentage of classes attended',
    min: 0,
    max: 100,
    unit: 'percentage point of attendance',
    example: 84,
  }),
  category({
    name: 'parental_involvement',
    header: 'Parental_Involvement',
    description: 'Parental involvement',
    values: LEVEL_VALUES,
    nullable: false,
    example: 'Medium',
  }),
  category({
    name: 'access_to_resources',
    header: 'Access_to_Resources',
    description: 'Access to educational resources',
    values: LEVEL_VALUES,
    nullable: false,
    example: 'High',
  }),
  boolean({
    name: 'extracurricular_activities',
    header: 'Extracurricular_Activities',
    description: 'Takes part in extracurricular activities',
    example: true,
  }),
  numeric({
    name: 'sleep_hours',
    header: 'Sleep_Hours',
    description: 'Average hours of sleep per night',
    min: 0,
    max: 24,
    unit: 'hour of sleep per night',
    example: 7,
  }),
  numeric({
    name: 'previous_scores',
    header: 'Previous_Scores',
    description: 'Score in previous exams',
    min: 0,
    max: 100,
    unit: 'point of previous score',
    example: 73,
  }),
  category({
    name: 'motivation_level',
    header: 'Motivation_Level',
    description: 'Motivation level',
    values: LEVEL_VALUES,
    nullable: false,
    example: 'Medium',
  }),
  boolean({
    name: 'internet_access',
    header: 'Internet_Access',
    description: 'Has internet access',
    example: true,
  }),
  numeric({
    name: 'tutoring_sessions',
    header: 'Tutoring_Sessions',
    description: 'Tutoring sessions per month',
    min: 0,
    max: 100,
    integer: true,
    unit: 'tutoring session',
    example: 1,
  }),
  category({
    name: 'family_income',
    header: 'Family_Income',
    description: 'Family income level',
    values: LEVEL_VALUES,
    nullable: false,
    example: 'Medium',
  }),
  category({
    name: 'teacher_quality',
    header: 'Teacher_Quality',
    description: 'Teacher quality',
    values: LEVEL_VALUES,
    nullable: true,
    example: 'Medium',
  }),
  category({
    name: 'school_type',
    header: 'School_Type',
    description: 'School type',
    values: SCHOOL_TYPE_VALUES,
    nullable: false,
    example: 'Public',
  }),
  category({
    name: 'peer_influence',
    header: 'Peer_Influence',
    description: 'Peer influence',
    values: PEER_INFLUENCE_VALUES,
    nullable: false,
    example: 'Positive',
  }),
  numeric({
    name: 'physical_activity',
    header: 'Physical_Activity',
    description: 'Hours of physical activity per week',
    min: 0,
    max: 100,
    unit: 'hour of physical activity per week',
    example: 3,
  }),
  boolean({
    name: 'learning_disabilities',
    header: 'Learning_Disabilities',
    description: 'Has learning disabilities',
    example: false,
  }),
  category({
    name: 'parental_education_level',
    header: 'Parental_Education_Level',
    description: 'Highest parental education level',
    values: PARENTAL_EDUCATION_LEVEL_VALUES,
    nullable: true,
    example: 'College',
  }),
  category({
    name: 'distance_from_home',
    header: 'Distance_from_Home',
    description: 'Distance from home to school',
    values: DISTANCE_FROM_HOME_VALUES,
    nullable: true,
    example: 'Near',
  }),
  category({
    name: 'gender',
    header: 'Gender',
    description: 'Gender',
    values: GENDER_VALUES,
    nullable: false,
    example: 'Female',
  }),
] as const;

export type FactorName = (typeof FACTORS)[number]['name'];

type ValueOf<F> = F extends { kind: 'numeric' }
  ? number
  : F extends { kind: 'boolean' }
    ? boolean
    : F extends { kind: 'category'; valueSet: FactorValueSet<infer V>; nullable: infer Nullable }
      ? Nullable extends true
        ? V | null
        : V
      : never;

/** The 19 factors of one student under their API names. */
export type StudentFactors = { [F in (typeof FACTORS)[number] as F['name']]: ValueOf<F> };
export type FactorValue = StudentFactors[FactorName];

export const FACTOR_NAMES: readonly FactorName[] = FACTORS.map((f) => f.name);

type FactorOfKind<K extends Factor['kind']> = Extract<(typeof FACTORS)[number], { kind: K }>;
export type NumericFactorName = FactorOfKind<'numeric'>['name'];
export type BooleanFactorName = FactorOfKind<'boolean'>['name'];
export type CategoryFactorName = FactorOfKind<'category'>['name'];

function namesOf<K extends Factor['kind']>(kind: K): readonly FactorOfKind<K>['name'][] {
  return FACTORS.filter((f) => f.kind === kind).map((f) => f.name as FactorOfKind<K>['name']);
}

export const NUMERIC_FACTOR_NAMES = namesOf('numeric');
export const BOOLEAN_FACTOR_NAMES = namesOf('boolean');
export const CATEGORY_FACTOR_NAMES = namesOf('category');

/** The range of each numeric factor. */
export const FACTOR_RANGES = Object.fromEntries(
  FACTORS.flatMap((f) => (f.kind === 'numeric' ? [[f.name, { min: f.min, max: f.max }]] : [])),
) as Readonly<Record<NumericFactorName, { readonly min: number; readonly max: number }>>;

const BY_NAME = new Map<string, Factor>(FACTORS.map((f) => [f.name, f]));

/** The factor called `name`, or undefined. */
export function factorNamed(name: string): Factor | undefined {
  return BY_NAME.get(name);
}

/**
 * The data set's outcome column. Exam scores may exceed 100 with extra credit: the data set
 * itself holds a 101, and an importer that rejected it would lose a real record.
 */
export const EXAM_SCORE = {
  name: 'exam_score',
  header: 'Exam_Score',
  min: 0,
  max: 105,
} as const;

/** Valid ages of a student, in years (not a factor of the model). */
export const AGE_RANGE = { min: 5, max: 100 } as const;
