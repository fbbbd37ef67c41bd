import * as ort from 'onnxruntime-node';
import { ConformalCalibration } from './conformal';
import { encodeBatch, N_FEATURES } from './features';
import { ModelCard } from './model-card';
import { checkCardMatchesModel, parseModelMetadata } from './model-metadata';
import { ModelValidationError } from './model-validation-error';
import { importForest } from './onnx-import';
import { INPUT_NAME, SCORE_OUTPUT, TREE_OUTPUTS } from './onnx-format';
import { StudentFactors } from './student-factors';
import { TreeForest } from './tree-forest';

export interface ForestPrediction {
  /** Forest mean per row. */
  readonly mean: Float32Array;
  /** Per row, every tree's output (views into one [N, nTrees] buffer). */
  readonly perTree: Float32Array[];
  readonly nTrees: number;
}

export interface OnnxForestOptions {
  /** A separately stored card (file or database); checked against the model when given. */
  readonly card?: ModelCard;
  /** Rows per onnxruntime run (default 8192). */
  readonly batchSize?: number;
  /** Overrides of the default single-threaded, sequential session options. */
  readonly sessionOptions?: ort.InferenceSession.SessionOptions;
}

export const DEFAULT_SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
};

function checkSession(session: ort.InferenceSession, nTrees: number): void {
  const names = session.inputNames;
  if (names.length !== 1 || names[0] !== INPUT_NAME) {
    throw new ModelValidationError(
      `model input must be "${INPUT_NAME}", found [${names.join(', ')}]`,
    );
  }
  const input = session.inputMetadata[0];
  if (
    !input.isTensor ||
    input.type !== 'float32' ||
    input.shape.length !== 2 ||
    input.shape[1] !== N_FEATURES
  ) {
    const shape = input.isTensor ? `${input.type} [${input.shape.join(', ')}]` : 'not a tensor';
    throw new ModelValidationError(
      `model input "${INPUT_NAME}" must be float32 [N, ${N_FEATURES}], found ${shape}`,
    );
  }
  for (const name of [SCORE_OUTPUT, TREE_OUTPUTS]) {
    if (!session.outputNames.includes(name))
      throw new ModelValidationError(`model has no output "${name}"`);
  }
  const trees = session.outputMetadata[session.outputNames.indexOf(TREE_OUTPUTS)];
  if (trees.isTensor && trees.shape.length === 2 && trees.shape[1] !== nTrees) {
    throw new ModelValidationError(
      `output "${TREE_OUTPUTS}" has ${String(trees.shape[1])} columns, expected ${nTrees}`,
    );
  }
}

/**
 * A trained forest served by onnxruntime. Load it from the .onnx bytes (file or
 * database); everything else (trees for explanations, calibration, card) is read from
 * the model's own metadata and validated against this code's feature encoding.
 */
export class OnnxForest {
  private constructor(
    private readonly session: ort.InferenceSession,
    /** The same trees evaluated in TypeScript, for explanations. */
    readonly trees: TreeForest,
    readonly version: string,
    /** The card embedded in the model (without `artifact`). */
    readonly card: ModelCard,
    readonly conformal: ConformalCalibration,
    /** Nominal level of the calibrated prediction interval. */
    readonly intervalLevel: number,
    /** ± points of the calibrated confidence_level. */
    readonly tolerance: number,
    private readonly batchSize: number,
  ) {}

  static async load(bytes: Uint8Array, options: OnnxForestOptions = {}): Promise<OnnxForest> {
    const imported = importForest(bytes);
    const meta = parseModelMetadata(imported.metadata, imported.forest.nTrees);
    if (options.card) checkCardMatchesModel(options.card, meta);
    const batchSize = options.batchSize ?? 8192;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new RangeError('batchSize must be a positive integer');
    const session = await ort.InferenceSession.create(bytes, {
      ...DEFAULT_SESSION_OPTIONS,
      ...options.sessionOptions,
    });
    try {
      checkSession(session, imported.forest.nTrees);
    } catch (err) {
      await session.release();
      throw err;
    }
    return new OnnxForest(
      session,
      imported.forest,
      meta.version,
      meta.card,
      meta.conformal,
      meta.intervalLevel,
      meta.tolerance,
      batchSize,
    );
  }

  get nTrees(): number {
    return this.trees.nTrees;
  }

  /** Predicts already-encoded rows (row-major [nRows, 19]); `perTree` is [nRows, nTrees]. */
  async predictEncoded(
    x: Float32Array,
    nRows: number,
  ): Promise<{ mean: Float32Array; perTree: Float32Array }> {
    if (x.length !== nRows * N_FEATURES)
      throw new RangeError(`expected ${nRows} × ${N_FEATURES} values`);
    const T = this.nTrees;
    const mean = new Float32Array(nRows);
    const perTree = new Float32Array(nRows * T);
    for (let start = 0; start < nRows; start += this.batchSize) {
      const n = Math.min(this.batchSize, nRows - start);
      const input = new ort.Tensor(
        'float32',
        x.subarray(start * N_FEATURES, (start + n) * N_FEATURES),
        [n, N_FEATURES],
      );
      const out = await this.session.run({ [INPUT_NAME]: input });
      mean.set(out[SCORE_OUTPUT].data as Float32Array, start);
      perTree.set(out[TREE_OUTPUTS].data as Float32Array, start * T);
    }
    return { mean, perTree };
  }

  /** Forest mean and every tree's output for each student. */
  async predict(rows: readonly StudentFactors[]): Promise<ForestPrediction> {
    const { mean, perTree } = await this.predictEncoded(encodeBatch(rows), rows.length);
    const T = this.nTrees;
    return {
      mean,
      perTree: rows.map((_, i) => perTree.subarray(i * T, (i + 1) * T)),
      nTrees: T,
    };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
