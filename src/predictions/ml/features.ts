import { createHash } from 'node:crypto';
import {
  DISTANCES_FROM_HOME,
  FactorName,
  FactorValue,
  GENDERS,
  LEVELS,
  PARENTAL_EDUCATION_LEVELS,
  PEER_INFLUENCES,
  SCHOOL_TYPES,
  StudentFactors,
} from './student-factors';

/**
 * The single numeric encoding of StudentFactors shared by training and serving.
 *
 * - numeric factors are passed through unchanged;
 * - booleans become 0 (false) / 1 (true);
 * - categories are ordinal codes 0..k-1 in their natural order (Low < Medium < High,
 *   Negative < Neutral < Positive, Near < Moderate < Far, ...). Unordered binary
 *   categories (school_type, gender) simply get 0/1;
 * - a missing (null) category gets MISSING_CODE (-1), below every real code, so a
 *   tree can isolate "unknown" with a single `x <= -0.5` split.
 */
export const MISSING_CODE = -1;

export type FeatureKind = 'numeric' | 'boolean' | 'ordinal';

export interface FeatureSpec {
  readonly name: FactorName;
  readonly kind: FeatureKind;
  /** For ordinal features: the API values, the code being the index. */
  readonly levels?: readonly string[];
  readonly nullable: boolean;
  readonly description: string;
}

const numeric = (name: FactorName, description: string): FeatureSpec => ({
  name,
  kind: 'numeric',
  nullable: false,
  description,
});
const boolean = (name: FactorName, description: string): FeatureSpec => ({
  name,
  kind: 'boolean',
  nullable: false,
  description,
});
const ordinal = (
  name: FactorName,
  levels: readonly string[],
  nullable: boolean,
  description: string,
): FeatureSpec => ({ name, kind: 'ordinal', levels, nullable, description });

/** Column order of the model input tensor `features` [N, 19]. Never reorder. */
export const FEATURE_SPECS: readonly FeatureSpec[] = [
  numeric('hours_studied', 'Hours studied per week'),
  numeric('attendance', 'Percentage of classes attended'),
  ordinal('parental_involvement', LEVELS, false, 'Parental involvement'),
  ordinal('access_to_resources', LEVELS, false, 'Access to educational resources'),
  boolean('extracurricular_activities', 'Takes part in extracurricular activities'),
  numeric('sleep_hours', 'Average hours of sleep per night'),
  numeric('previous_scores', 'Score in previous exams'),
  ordinal('motivation_level', LEVELS, false, 'Motivation level'),
  boolean('internet_access', 'Has internet access'),
  numeric('tutoring_sessions', 'Tutoring sessions per month'),
  ordinal('family_income', LEVELS, false, 'Family income level'),
  ordinal('teacher_quality', LEVELS, true, 'Teacher quality (may be unknown)'),
  ordinal('school_type', SCHOOL_TYPES, false, 'School type'),
  ordinal('peer_influence', PEER_INFLUENCES, false, 'Peer influence'),
  numeric('physical_activity', 'Hours of physical activity per week'),
  boolean('learning_disabilities', 'Has learning disabilities'),
  ordinal(
    'parental_education_level',
    PARENTAL_EDUCATION_LEVELS,
    true,
    'Highest parental education level (may be unknown)',
  ),
  ordinal(
    'distance_from_home',
    DISTANCES_FROM_HOME,
    true,
    'Distance from home to school (may be unknown)',
  ),
  ordinal('gender', GENDERS, false, 'Gender'),
];

export const FEATURE_NAMES: readonly FactorName[] = FEATURE_SPECS.map((s) => s.name);
export const N_FEATURES = FEATURE_SPECS.length;

export class EncodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncodingError';
  }
}

function encodeValue(spec: FeatureSpec, value: FactorValue | undefined): number {
  switch (spec.kind) {
    case 'numeric':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new EncodingError(`${spec.name} must be a finite number, got ${String(value)}`);
      }
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') {
        throw new EncodingError(`${spec.name} must be a boolean, got ${String(value)}`);
      }
      return value ? 1 : 0;
    case 'ordinal': {
      if (value === null || value === undefined) {
        if (spec.nullable) return MISSING_CODE;
        throw new EncodingError(`${spec.name} is required`);
      }
      const code = typeof value === 'string' ? (spec.levels ?? []).indexOf(value) : -1;
      if (code < 0) {
        throw new EncodingError(
          `${spec.name} must be one of ${(spec.levels ?? []).join('|')}, got ${String(value)}`,
        );
      }
      return code;
    }
  }
}

/** Encodes one student into `out` at row `row` (default: a fresh Float32Array(19)). */
export function encodeFactors(
  factors: StudentFactors,
  out: Float32Array = new Float32Array(N_FEATURES),
  row = 0,
): Float32Array {
  const base = row * N_FEATURES;
  for (let j = 0; j < N_FEATURES; j++) {
    const spec = FEATURE_SPECS[j];
    out[base + j] = encodeValue(spec, factors[spec.name]);
  }
  return out;
}

/** Encodes many students into one row-major [N, 19] matrix. */
export function encodeBatch(rows: readonly StudentFactors[]): Float32Array {
  const out = new Float32Array(rows.length * N_FEATURES);
  rows.forEach((r, i) => encodeFactors(r, out, i));
  return out;
}

/** Human-readable description of the encoding, stored in the model card and the .onnx. */
export interface FeatureEncodingDescription {
  index: number;
  name: FactorName;
  kind: FeatureKind;
  description: string;
  /** Category → code, for ordinal/boolean features; `null` maps to MISSING_CODE when nullable. */
  codes?: Record<string, number>;
}

export function describeEncoding(): FeatureEncodingDescription[] {
  return FEATURE_SPECS.map((spec, index) => {
    const base = { index, name: spec.name, kind: spec.kind, description: spec.description };
    if (spec.kind === 'numeric') return base;
    const codes: Record<string, number> = {};
    if (spec.kind === 'boolean') {
      codes.false = 0;
      codes.true = 1;
    } else {
      (spec.levels ?? []).forEach((level, code) => (codes[level] = code));
      if (spec.nullable) codes.null = MISSING_CODE;
    }
    return { ...base, codes };
  });
}

/**
 * Short fingerprint of the encoding. A model records the id it was trained with and
 * serving refuses a model whose id differs from the code's.
 */
export const ENCODING_ID: string = createHash('sha256')
  .update(
    JSON.stringify(describeEncoding().map(({ name, kind, codes }) => ({ name, kind, codes }))),
  )
  .digest('hex')
  .slice(0, 12);
