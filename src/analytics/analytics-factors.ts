import { type Factor, FACTORS as CATALOGUE } from '../students/factor-catalogue';

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

/** How analytics sees a catalogue factor. */
function analysed(factor: Factor): FactorSpec {
  const { name, label } = factor;
  switch (factor.kind) {
    case 'numeric':
      return { kind: 'numeric', name, label, unit: factor.unit };
    case 'boolean':
      return { kind: 'boolean', name, label, values: [YES, NO], nullable: false };
    case 'category':
      return {
        kind: 'categorical',
        name,
        label,
        values: factor.valueSet.values,
        nullable: factor.nullable,
      };
  }
}

/** The 19 factors of the data set, in the data set's column order (from the catalogue). */
export const FACTORS: readonly FactorSpec[] = CATALOGUE.map(analysed);

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
