import { encodeBatch, FEATURE_SPECS, FeatureSpec } from './features';
import { ModelCard } from './model-card';
import { ModelValidationError } from './model-validation-error';
import { FactorName, FactorValue, StudentFactors } from './student-factors';
import { StudentScoreModel, StudentScoreModelOptions } from './student-score-model';

/**
 * Proof that a model can be trusted with predictions, beyond parsing: the bytes are loaded
 * with onnxruntime (StudentScoreModel.load checks the graph, the metadata and the card against
 * this code's feature encoding) and the loaded model is run on probe students; every figure
 * the API would return must be finite and plausible, and onnxruntime must agree with the trees
 * embedded in the model (explanations and the card's metrics are computed from those).
 */

/** Numeric factors of the probe students: a typical student, a weak one and a strong one. */
const TYPICAL: Readonly<Record<string, number>> = {
  hours_studied: 20,
  attendance: 80,
  sleep_hours: 7,
  previous_scores: 75,
  tutoring_sessions: 1,
  physical_activity: 3,
};
const LOW: Readonly<Record<string, number>> = {
  hours_studied: 1,
  attendance: 60,
  sleep_hours: 4,
  previous_scores: 50,
  tutoring_sessions: 0,
  physical_activity: 0,
};
const HIGH: Readonly<Record<string, number>> = {
  hours_studied: 40,
  attendance: 100,
  sleep_hours: 10,
  previous_scores: 100,
  tutoring_sessions: 6,
  physical_activity: 6,
};

/** Every value a category or boolean can take, "unknown" (null) included where allowed. */
function valuesOf(spec: FeatureSpec): FactorValue[] {
  switch (spec.kind) {
    case 'numeric':
      return [];
    case 'boolean':
      return [false, true];
    case 'ordinal':
      return [...(spec.levels ?? []), ...(spec.nullable ? [null] : [])] as FactorValue[];
  }
}

function numericValue(spec: FeatureSpec, table: Readonly<Record<string, number>>): number {
  const value = table[spec.name];
  if (value === undefined) throw new Error(`no probe value for the numeric factor ${spec.name}`);
  return value;
}

/**
 * The probe students: a typical student (every category at its middle value), then rows
 * that together give every category and boolean each of its values, with weak and strong
 * numeric factors in turn.
 */
export function probeStudents(): StudentFactors[] {
  const typical: Partial<Record<FactorName, FactorValue>> = {};
  for (const spec of FEATURE_SPECS) {
    if (spec.kind === 'numeric') typical[spec.name] = numericValue(spec, TYPICAL);
    else {
      const values = valuesOf(spec).filter((v) => v !== null);
      typical[spec.name] = values[Math.floor((values.length - 1) / 2)];
    }
  }
  const rows = [typical as StudentFactors];
  const cycle = Math.max(...FEATURE_SPECS.map((s) => valuesOf(s).length));
  for (let i = 0; i < cycle; i++) {
    const row: Partial<Record<FactorName, FactorValue>> = {};
    for (const spec of FEATURE_SPECS) {
      if (spec.kind === 'numeric') row[spec.name] = numericValue(spec, i % 2 === 0 ? LOW : HIGH);
      else {
        const values = valuesOf(spec);
        row[spec.name] = values[i % values.length];
      }
    }
    rows.push(row as StudentFactors);
  }
  return rows;
}

/** What the probe measured (for logs). */
export interface ProbeReport {
  rows: number;
  minPrediction: number;
  maxPrediction: number;
  /** Largest |onnxruntime − embedded trees| over every tree output (or scale) of every probe row. */
  maxTreeDifference: number;
}

/** Tree outputs are float32 in both evaluations: they agree to rounding, or not at all. */
const TREE_TOLERANCE = 1e-3;
/** The card stores the base value rounded to 6 decimals. */
const BASE_VALUE_TOLERANCE = 1e-3;

const fail = (message: string): never => {
  throw new ModelValidationError(`probe: ${message}`);
};

/**
 * Runs an already loaded model on the probe students and checks what it returns; throws
 * ModelValidationError (message starting with "probe:") naming the first failed check. `card`
 * is the separately stored card (file or database row), else the model's own.
 */
export async function probeModel(model: StudentScoreModel, card?: ModelCard): Promise<ProbeReport> {
  const described = card ?? model.card;
  const rows = probeStudents();
  const trees = model.forest.trees;
  const nTrees = trees.nTrees;
  // A stored card is data from outside: read it defensively.
  const shape = described.model as Partial<ModelCard['model']> | undefined;
  if (shape?.nTrees !== nTrees) {
    fail(`the card describes ${String(shape?.nTrees)} trees, the model has ${nTrees}`);
  }
  if (shape?.nNodes !== trees.nNodes) {
    fail(`the card describes ${String(shape?.nNodes)} nodes, the model has ${trees.nNodes}`);
  }
  const explanations = described.explanations as Partial<ModelCard['explanations']> | undefined;
  const cardBase = explanations?.baseValue;
  if (
    typeof cardBase !== 'number' ||
    !(Math.abs(cardBase - trees.baseValue) <= BASE_VALUE_TOLERANCE)
  ) {
    fail(`the card's base value ${String(cardBase)} differs from the trees' ${trees.baseValue}`);
  }
  const target = described.target as Partial<ModelCard['target']> | undefined;
  const trainingMin = Number(target?.trainingMin);
  const trainingMax = Number(target?.trainingMax);
  if (!Number.isFinite(trainingMin) || !Number.isFinite(trainingMax) || trainingMin > trainingMax) {
    fail('the card has no valid training score range');
  }
  // Calibrated leaves may reach a little beyond the training scores, never far.
  const span = Math.max(1, trainingMax - trainingMin);
  const lowest = trainingMin - span;
  const highest = trainingMax + span;

  const figures = await compareWithTrees(model, rows, lowest, highest);

  // The figures the API returns, through the same path as a prediction.
  const assessed = await model.assess(rows);
  assessed.forEach((a, i) => {
    const { lower, upper, level } = a.prediction_interval;
    if (
      ![a.predicted_score, lower, upper, a.confidence_level, a.tolerance].every(Number.isFinite)
    ) {
      fail(`probe student ${i} gets a non-finite prediction, interval or confidence`);
    }
    if (!(lower <= a.predicted_score && a.predicted_score <= upper)) {
      fail(`probe student ${i}: the interval ${lower}..${upper} misses ${a.predicted_score}`);
    }
    if (!(level > 0 && level < 1) || !(a.confidence_level >= 0 && a.confidence_level <= 1)) {
      fail(`probe student ${i}: interval level ${level} or confidence ${a.confidence_level}`);
    }
    if (
      a.top_factors.length === 0 ||
      !a.top_factors.every((f) => Number.isFinite(f.contribution))
    ) {
      fail(`probe student ${i} gets no finite top factors`);
    }
  });
  return { rows: rows.length, ...figures };
}

/**
 * onnxruntime against the trees embedded in the model: every tree output of a forest (each
 * within the plausible range, their mean the forest's), or an additive model's prediction
 * and scale; they must agree to float32 rounding.
 */
async function compareWithTrees(
  model: StudentScoreModel,
  rows: readonly StudentFactors[],
  lowest: number,
  highest: number,
): Promise<Omit<ProbeReport, 'rows'>> {
  const { trees, scaleTrees } = model.forest;
  const nTrees = trees.nTrees;
  const x = encodeBatch(rows);
  const out = await model.forest.predictEncoded(x, rows.length);
  if (out.mean.length !== rows.length) fail(`onnxruntime returned ${out.mean.length} rows`);
  const reference = trees.predict(x, rows.length);
  const perTree = out.perTree;
  const treeReference = perTree ? trees.predictPerTree(x, rows.length) : null;
  const scaleReference = scaleTrees ? scaleTrees.predict(x, rows.length) : null;
  let maxTreeDifference = 0;
  let minPrediction = Infinity;
  let maxPrediction = -Infinity;
  const differ = (a: number, b: number): void => {
    maxTreeDifference = Math.max(maxTreeDifference, Math.abs(a - b));
  };
  rows.forEach((_, i) => {
    for (let t = 0; perTree && treeReference && t < nTrees; t++) {
      const v = perTree[i * nTrees + t];
      if (!Number.isFinite(v)) fail(`tree ${t} gives ${v} for probe student ${i}`);
      if (v < lowest || v > highest) {
        fail(`tree ${t} gives ${v} for probe student ${i}, outside ${lowest}..${highest}`);
      }
      differ(v, treeReference[i * nTrees + t]);
    }
    const mean = out.mean[i];
    if (!Number.isFinite(mean)) fail(`the model gives ${mean} for probe student ${i}`);
    if (mean < lowest || mean > highest) {
      fail(`the model gives ${mean} for probe student ${i}, outside ${lowest}..${highest}`);
    }
    differ(mean, reference[i]);
    if (scaleReference) {
      if (!Number.isFinite(out.scale[i])) fail(`the scale is ${out.scale[i]} for student ${i}`);
      differ(out.scale[i], Math.max(0, scaleReference[i]));
    }
    minPrediction = Math.min(minPrediction, mean);
    maxPrediction = Math.max(maxPrediction, mean);
  });
  if (maxTreeDifference > TREE_TOLERANCE) {
    fail(`onnxruntime and the embedded trees differ by up to ${maxTreeDifference}`);
  }
  return { minPrediction, maxPrediction, maxTreeDifference };
}

/**
 * Loads model bytes and proves them on the probe students: the model to serve, or a
 * ModelValidationError saying why it cannot be (any failure to load counts, onnxruntime's
 * included). Nothing stays loaded on failure.
 */
export async function proveModel(
  bytes: Uint8Array,
  options: StudentScoreModelOptions = {},
): Promise<StudentScoreModel> {
  let model: StudentScoreModel;
  try {
    model = await StudentScoreModel.load(bytes, options);
  } catch (error: unknown) {
    if (error instanceof ModelValidationError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelValidationError(`the model does not load: ${reason}`);
  }
  try {
    await probeModel(model, options.card);
    return model;
  } catch (error: unknown) {
    await model.release();
    if (error instanceof ModelValidationError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ModelValidationError(`probe: the model fails on the probe students: ${reason}`);
  }
}
