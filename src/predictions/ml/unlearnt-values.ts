import { encodeBatch, FEATURE_SPECS, FeatureSpec } from './features';
import { ModelCard } from './model-card';
import { FactorName, FactorValue, StudentFactors } from './student-factors';

/**
 * Values the catalogue accepts but the model never learnt from (gender Non-binary or Not
 * stated: the data set has Male and Female only). The model is not asked to guess what such a
 * value would do. Instead the prediction is the model's average over the values it learnt,
 * weighted by their shares of the training students (marginalisation): the student is predicted
 * as Male and as Female and the two results are averaged with those weights. Everything else is
 * averaged the same way (scale, contributions), so base value + Σ contributions = prediction
 * still holds exactly.
 *
 * For the additive model (one tree per factor, node values the training means below them) the
 * average of the gender tree's leaves is its root value, so the gender contribution is 0 and
 * the other contributions are the student's own; for a random forest the average is taken the
 * same way and interactions may leave a small gender contribution, which is the forest's average
 * effect, not one of the student's value.
 */

/** A factor whose value the model did not use for a prediction, and why. */
export interface UnusedFactor {
  feature: FactorName;
  /** The student's value. */
  value: FactorValue;
  /** One sentence: which values the model learnt and how the prediction treats this one. */
  reason: string;
}

/** Each factor with unlearnt values: the share of the training students of each learnt value. */
export type LearntShares = ReadonlyMap<FactorName, readonly number[]>;

interface PartialFactor {
  readonly spec: FeatureSpec;
  readonly unlearnt: ReadonlySet<string>;
}

const PARTIAL_FACTORS: readonly PartialFactor[] = FEATURE_SPECS.flatMap((spec) =>
  spec.unlearnt && spec.unlearnt.length > 0 ? [{ spec, unlearnt: new Set(spec.unlearnt) }] : [],
);

/** True when some factor of `row` has a value the model did not learn from. */
export function hasUnlearntValue(row: StudentFactors): boolean {
  for (const { spec, unlearnt } of PARTIAL_FACTORS) {
    if (unlearnt.has(row[spec.name] as string)) return true;
  }
  return false;
}

/**
 * The shares of the learnt values among the students the model was trained on, from the card's
 * per-group counts (`metrics.subgroups.outOfBag`, which counts every training student). When a
 * card lacks them (or a count is missing), the learnt values count equally.
 */
export function learntShares(card: ModelCard | undefined): LearntShares {
  const out = new Map<FactorName, readonly number[]>();
  for (const { spec } of PARTIAL_FACTORS) {
    const levels = spec.levels ?? [];
    const groups = (
      card?.metrics?.subgroups?.outOfBag as
        Partial<Record<string, Record<string, { n?: unknown }>>> | undefined
    )?.[spec.name];
    const counts = levels.map((level) => groups?.[level]?.n);
    const known = counts.every((n): n is number => typeof n === 'number' && n > 0);
    const total = known ? counts.reduce((s, n) => s + n, 0) : levels.length;
    out.set(
      spec.name,
      levels.map((_, i) => (known ? counts[i] : 1) / total),
    );
  }
  return out;
}

const share = (x: number) => x.toFixed(3);

function reasonFor(spec: FeatureSpec, value: FactorValue, shares: readonly number[]): string {
  const levels = spec.levels ?? [];
  const weighted = levels.map((level, i) => `${level} ${share(shares[i])}`).join(', ');
  return (
    `${spec.name} not used: ${String(value)} is not one of the values the model learnt ` +
    `(${levels.join(', ')}); the prediction averages over them, weighted by their shares of the ` +
    `training students (${weighted}).`
  );
}

type NoteFor = (spec: FeatureSpec, value: FactorValue, w: readonly number[]) => UnusedFactor;

/** One note per factor and value, shared by the rows that have it. */
function noteCache(): NoteFor {
  const notes = new Map<string, UnusedFactor>();
  return (spec, value, w) => {
    const key = `${spec.name}\u0000${String(value)}`;
    let note = notes.get(key);
    if (!note) {
      note = { feature: spec.name, value, reason: reasonFor(spec, value, w) };
      notes.set(key, note);
    }
    return note;
  };
}

/**
 * The rows that stand for `row`: one per combination of learnt values of its factors with
 * unlearnt values, weighted by the product of their shares, and the notes on those factors
 * (null when it has none).
 */
function expandRow(
  row: StudentFactors,
  shares: LearntShares,
  noteFor: NoteFor,
): { variants: StudentFactors[]; weights: number[]; notes: UnusedFactor[] | null } {
  let variants: StudentFactors[] = [row];
  let weights: number[] = [1];
  let notes: UnusedFactor[] | null = null;
  for (const { spec, unlearnt } of PARTIAL_FACTORS) {
    const value = row[spec.name];
    if (!unlearnt.has(value as string)) continue;
    const levels = spec.levels ?? [];
    const w = shares.get(spec.name) ?? levels.map(() => 1 / levels.length);
    (notes ??= []).push(noteFor(spec, value, w));
    const nextRows: StudentFactors[] = [];
    const nextWeights: number[] = [];
    for (let v = 0; v < variants.length; v++) {
      for (let k = 0; k < levels.length; k++) {
        // A copy of the same shape, one value changed (kept fast for the encoder).
        const copy = { ...variants[v] } as Record<string, unknown>;
        copy[spec.name] = levels[k];
        nextRows.push(copy as StudentFactors);
        nextWeights.push(weights[v] * w[k]);
      }
    }
    variants = nextRows;
    weights = nextWeights;
  }
  return { variants, weights, notes };
}

/**
 * Rows to give the model for `rows`: each row with unlearnt values becomes one row per
 * combination of learnt values, with the product of their shares as weight. `combine` turns
 * per-expanded-row results back into one weighted average per input row.
 */
export class MarginalRows {
  private constructor(
    /** What to encode and predict: `rows` itself when no row has an unlearnt value. */
    readonly rows: readonly StudentFactors[],
    /** Per expanded row: the input row it stands for and its weight (null: one to one). */
    private readonly owner: Int32Array | null,
    private readonly weight: Float64Array | null,
    private readonly nInputs: number,
    /** Per input row: the factors the model did not use. */
    readonly unused: readonly (readonly UnusedFactor[])[],
  ) {}

  static of(rows: readonly StudentFactors[], shares: LearntShares): MarginalRows {
    const none: readonly UnusedFactor[] = [];
    if (!rows.some(hasUnlearntValue)) {
      return new MarginalRows(
        rows,
        null,
        null,
        rows.length,
        rows.map(() => none),
      );
    }
    const expanded: StudentFactors[] = [];
    const owner: number[] = [];
    const weight: number[] = [];
    const unused: (readonly UnusedFactor[])[] = [];
    const noteFor = noteCache();
    rows.forEach((row, i) => {
      const { variants, weights, notes } = expandRow(row, shares, noteFor);
      for (let v = 0; v < variants.length; v++) {
        expanded.push(variants[v]);
        owner.push(i);
        weight.push(weights[v]);
      }
      unused.push(notes ?? none);
    });
    return new MarginalRows(
      expanded,
      Int32Array.from(owner),
      Float64Array.from(weight),
      rows.length,
      unused,
    );
  }

  private encodedRows?: Float32Array;

  /**
   * `rows` encoded (encodeBatch), once for the prediction and the explanations of the same rows;
   * read-only for its users.
   */
  get encoded(): Float32Array {
    return (this.encodedRows ??= encodeBatch(this.rows));
  }

  /** True when some input row was expanded. */
  get marginalised(): boolean {
    return this.owner !== null;
  }

  /**
   * The weighted average per input row of `values`, laid out as `stride` numbers per expanded
   * row (1 for a prediction, 19 for contributions). Returns `values` itself when nothing was
   * expanded.
   */
  combine<T extends Float32Array | Float64Array>(values: T, stride = 1): T {
    const { owner, weight } = this;
    if (owner === null || weight === null) return values;
    const sums = new Float64Array(this.nInputs * stride);
    for (let k = 0; k < owner.length; k++) {
      const to = owner[k] * stride;
      const from = k * stride;
      for (let j = 0; j < stride; j++) sums[to + j] += weight[k] * values[from + j];
    }
    return (values instanceof Float32Array ? Float32Array.from(sums) : sums) as T;
  }
}

/**
 * What a model card says about the values its model did not learn from, one sentence per
 * factor that has some (the cards of models trained before such values existed do not).
 */
export const UNLEARNT_VALUES_LIMITATIONS: readonly string[] = PARTIAL_FACTORS.map(
  ({ spec }) =>
    `${spec.name}: the model learnt from ${(spec.levels ?? []).join(' and ')} only. For ` +
    `${(spec.unlearnt ?? []).join(' or ')} it does not use ${spec.name}: the prediction, its ` +
    `interval and the contributions are the average over the learnt values, weighted by their ` +
    `shares of the training students (in the additive model the ${spec.name} contribution is ` +
    `then 0), the answer lists ${spec.name} under unused_factors, and training leaves such ` +
    `students out.`,
);
