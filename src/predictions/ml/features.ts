import { createHash } from 'node:crypto';
import { type Factor, FACTORS } from '../../students/factor-catalogue';
import { FactorName, FactorValue, StudentFactors } from './student-factors';

/**
 * The single numeric encoding of StudentFactors shared by training and serving.
 *
 * - numeric factors are passed through unchanged;
 * - booleans become 0 (false) / 1 (true);
 * - categories are ordinal codes 0..k-1 in their natural order (Low < Medium < High,
 *   Negative < Neutral < Positive, Near < Moderate < Far, ...). Unordered binary
 *   categories (school_type, gender) simply get 0/1;
 * - a missing (null) category gets MISSING_CODE (-1), below every real code, so a
 *   tree can isolate "unknown" with a single `x <= -0.5` split;
 * - a category value the catalogue accepts but the model did not learn from (gender
 *   Non-binary or Not stated: `unlearnt`) has no code: the encoder refuses it, and serving
 *   averages over the learnt values instead (unlearnt-values.ts). Such values are not part
 *   of the encoding's fingerprint, so adding one keeps every served model valid.
 */
export const MISSING_CODE = -1;

export type FeatureKind = 'numeric' | 'boolean' | 'ordinal';

export interface FeatureSpec {
  readonly name: FactorName;
  readonly kind: FeatureKind;
  /** For ordinal features: the API values, the code being the index. */
  readonly levels?: readonly string[];
  /** For ordinal features: accepted values without a code, which the model did not learn. */
  readonly unlearnt?: readonly string[];
  readonly nullable: boolean;
  readonly description: string;
}

/** A catalogue factor as the encoder sees it: categories are ordinal, in catalogue order. */
function featureSpec(factor: Factor): FeatureSpec {
  const name = factor.name as FactorName;
  switch (factor.kind) {
    case 'numeric':
    case 'boolean':
      return { name, kind: factor.kind, nullable: false, description: factor.description };
    case 'category':
      return {
        name,
        kind: 'ordinal',
        levels: factor.valueSet.learnt,
        unlearnt: factor.valueSet.values.slice(factor.valueSet.learnt.length),
        nullable: factor.nullable,
        description: factor.nullable
          ? `${factor.description} (may be unknown)`
          : factor.description,
      };
  }
}

/**
 * Column order of the model input tensor `features` [N, 19]: the catalogue's order, which
 * must never change (nor the order of its value sets) while a model trained on it is served.
 */
export const FEATURE_SPECS: readonly FeatureSpec[] = FACTORS.map(featureSpec);

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
      if (code < 0 && (spec.unlearnt ?? []).includes(value as string)) {
        throw new EncodingError(
          `${spec.name} ${String(value)} is not one of the values the model learnt (${(spec.levels ?? []).join(', ')}); average over them (marginalise) instead`,
        );
      }
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
