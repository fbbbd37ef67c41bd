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
 * the shipped model depends on both, so neither may be reordered.
 */

/** A set of allowed values, in encoding order, with its name in the OpenAPI document. */
export interface FactorValueSet<V extends string = string> {
  readonly schemaName: string;
  readonly description: string;
  readonly values: readonly V[];
}

function valueSet<const V extends string>(
  schemaName: string,
  values: readonly V[],
  description: string,
): FactorValueSet<V> {
  return { schemaName, values, description };
}

export const LEVEL_VALUES = valueSet(
  'Level',
  ['Low', 'Medium', 'High'],
  'A three-step level (parental involvement, access to resources, motivation, family income, teacher quality).',
);
export const GENDER_VALUES = valueSet(
  'Gender',
  ['Male', 'Female'],
  'Gender as recorded in the data set.',
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
  /** StudentProfile property. */
  readonly property: string;
  /** Header in the data set's CSV (import and export). */
  readonly header: string;
  /** One short sentence, without a full stop. */
  readonly description: string;
  /** Lower-case words for messages, e.g. "parental involvement". */
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

type Words = Pick<FactorBase<string>, 'property' | 'header' | 'description' | 'label'>;

function numeric<const N extends string>(
  name: N,
  words: Words,
  range: { min: number; max: number; integer?: boolean; unit: string; example: number },
): NumericFactor<N> {
  const { integer = false, ...rest } = range;
  return { kind: 'numeric', name, ...words, ...rest, integer, nullable: false };
}

function boolean<const N extends string>(
  name: N,
  words: Words,
  example: boolean,
): BooleanFactor<N> {
  return { kind: 'boolean', name, ...words, nullable: false, example };
}

function category<const N extends string, V extends string, const Nullable extends boolean>(
  name: N,
  words: Words,
  valueSet: FactorValueSet<V>,
  example: NoInfer<V>,
  nullable: Nullable,
): CategoryFactor<N, V> & { readonly nullable: Nullable } {
  return { kind: 'category', name, ...words, valueSet, example, nullable };
}

const words = (property: string, header: string, description: string, label: string): Words => ({
  property,
  header,
  description,
  label,
});

/** The 19 factors in the model's column order (also the data set's CSV order). */
export const FACTORS = [
  numeric(
    'hours_studied',
    words('hoursStudied', 'Hours_Studied', 'Hours studied per week', 'hours studied'),
    { min: 0, max: 60, unit: 'hour studied per week', example: 23 },
  ),
  numeric(
    'attendance',
    words('attendance', 'Attendance', 'Percentage of classes attended', 'attendance'),
    { min: 0, max: 100, unit: 'percentage point of attendance', example: 84 },
  ),
  category(
    'parental_involvement',
    words(
      'parentalInvolvement',
      'Parental_Involvement',
      'Parental involvement',
      'parental involvement',
    ),
    LEVEL_VALUES,
    'Medium',
    false,
  ),
  category(
    'access_to_resources',
    words(
      'accessToResources',
      'Access_to_Resources',
      'Access to educational resources',
      'access to resources',
    ),
    LEVEL_VALUES,
    'High',
    false,
  ),
  boolean(
    'extracurricular_activities',
    words(
      'extracurricularActivities',
      'Extracurricular_Activities',
      'Takes part in extracurricular activities',
      'extracurricular activities',
    ),
    true,
  ),
  numeric(
    'sleep_hours',
    words('sleepHours', 'Sleep_Hours', 'Average hours of sleep per night', 'sleep hours'),
    { min: 0, max: 24, unit: 'hour of sleep per night', example: 7 },
  ),
  numeric(
    'previous_scores',
    words('previousScores', 'Previous_Scores', 'Score in previous exams', 'previous scores'),
    { min: 0, max: 100, unit: 'point of previous score', example: 73 },
  ),
  category(
    'motivation_level',
    words('motivationLevel', 'Motivation_Level', 'Motivation level', 'motivation level'),
    LEVEL_VALUES,
    'Medium',
    false,
  ),
  boolean(
    'internet_access',
    words('internetAccess', 'Internet_Access', 'Has internet access', 'internet access'),
    true,
  ),
  numeric(
    'tutoring_sessions',
    words(
      'tutoringSessions',
      'Tutoring_Sessions',
      'Tutoring sessions per month',
      'tutoring sessions',
    ),
    { min: 0, max: 100, integer: true, unit: 'tutoring session', example: 1 },
  ),
  category(
    'family_income',
    words('familyIncome', 'Family_Income', 'Family income level', 'family income'),
    LEVEL_VALUES,
    'Medium',
    false,
  ),
  category(
    'teacher_quality',
    words('teacherQuality', 'Teacher_Quality', 'Teacher quality', 'teacher quality'),
    LEVEL_VALUES,
    'Medium',
    true,
  ),
  category(
    'school_type',
    words('schoolType', 'School_Type', 'School type', 'school type'),
    SCHOOL_TYPE_VALUES,
    'Public',
    false,
  ),
  category(
    'peer_influence',
    words('peerInfluence', 'Peer_Influence', 'Peer influence', 'peer influence'),
    PEER_INFLUENCE_VALUES,
    'Positive',
    false,
  ),
  numeric(
    'physical_activity',
    words(
      'physicalActivity',
      'Physical_Activity',
      'Hours of physical activity per week',
      'physical activity',
    ),
    { min: 0, max: 100, unit: 'hour of physical activity per week', example: 3 },
  ),
  boolean(
    'learning_disabilities',
    words(
      'learningDisabilities',
      'Learning_Disabilities',
      'Has learning disabilities',
      'learning disabilities',
    ),
    false,
  ),
  category(
    'parental_education_level',
    words(
      'parentalEducationLevel',
      'Parental_Education_Level',
      'Highest parental education level',
      'parental education level',
    ),
    PARENTAL_EDUCATION_LEVEL_VALUES,
    'College',
    true,
  ),
  category(
    'distance_from_home',
    words(
      'distanceFromHome',
      'Distance_from_Home',
      'Distance from home to school',
      'distance from home',
    ),
    DISTANCE_FROM_HOME_VALUES,
    'Near',
    true,
  ),
  category('gender', words('gender', 'Gender', 'Gender', 'gender'), GENDER_VALUES, 'Female', false),
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
