import * as ort from 'onnxruntime-node';
import { ConformalCalibration, spreadOf } from './conformal';
import { N_FEATURES } from './features';
import { ModelCard } from './model-card';
import { checkCardMatchesModel, parseModelMetadata } from './model-metadata';
import { ModelValidationError } from './model-validation-error';
import { importForest } from './onnx-import';
import {
  ADDITIVE_MODEL_FORMAT,
  INPUT_NAME,
  SCALE_OUTPUT,
  SCORE_OUTPUT,
  TREE_OUTPUTS,
} from './onnx-format';
import { StudentFactors } from './student-factors';
import { TreeForest } from './tree-forest';
import { LearntShares, learntShares, MarginalRows } from './unlearnt-values';

export interface ForestPrediction {
  /** The prediction per row (forest mean, or the additive ensemble's sum). */
  readonly mean: Float32Array;
  /**
   * The scale of each row's uncertainty: the spread of the trees for a forest, the scale
   * ensemble's output (never below 0) for an additive model.
   */
  readonly scale: Float32Array;
  readonly nTrees: number;
}

/** Raw outputs of one run: `perTree` [N, nTrees] for a forest, null for an additive model. */
export interface EncodedPrediction {
  mean: Float32Array;
  scale: Float32Array;
  perTree: Float32Array | null;
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

function checkSession(session: ort.InferenceSession, nTrees: number, additive: boolean): void {
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
  for (const name of [SCORE_OUTPUT, additive ? SCALE_OUTPUT : TREE_OUTPUTS]) {
    if (!session.outputNames.includes(name))
      throw new ModelValidationError(`model has no output "${name}"`);
  }
  if (additive) return;
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
    /** Additive models: the scale ensemble, in TypeScript (null for a forest). */
    readonly scaleTrees: TreeForest | null,
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
    const additive = meta.format === ADDITIVE_MODEL_FORMAT;
    if (additive !== (imported.scale !== undefined)) {
      throw new ModelValidationError(`a ${meta.format} model must have exactly the graph it names`);
    }
    if (options.card) checkCardMatchesModel(options.card, meta);
    const batchSize = options.batchSize ?? 8192;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new RangeError('batchSize must be a positive integer');
    const session = await ort.InferenceSession.create(bytes, {
      ...DEFAULT_SESSION_OPTIONS,
      ...options.sessionOptions,
    });
    try {
      checkSession(session, imported.forest.nTrees, additive);
    } catch (err) {
      await session.release();
      throw err;
    }
    return new OnnxForest(
      session,
      imported.forest,
      imported.scale ?? null,
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

  /** The card's level of the chance of scoring below a threshold that makes a student at risk. */
  get riskProbabilityLevel(): number | undefined {
    const level = this.card.risk?.probabilityLevel;
    return typeof level === 'number' && level > 0 && level < 1 ? level : undefined;
  }

  /**
   * Predicts already-encoded rows (row-major [nRows, 19]): the prediction and scale of each
   * row, and for a forest every tree's output ([nRows, nTrees]).
   */
  async predictEncoded(x: Float32Array, nRows: number): Promise<EncodedPrediction> {
    if (x.length !== nRows * N_FEATURES)
      throw new RangeError(`expected ${nRows} × ${N_FEATURES} values`);
    const T = this.nTrees;
    const additive = this.scaleTrees !== null;
    const mean = new Float32Array(nRows);
    const scale = new Float32Array(nRows);
    const perTree = additive ? null : new Float32Array(nRows * T);
    for (let start = 0; start < nRows; start += this.batchSize) {
      const n = Math.min(this.batchSize, nRows - start);
      const input = new ort.Tensor(
        'float32',
        x.subarray(start * N_FEATURES, (start + n) * N_FEATURES),
        [n, N_FEATURES],
      );
      const out = await this.session.run({ [INPUT_NAME]: input });
      mean.set(out[SCORE_OUTPUT].data as Float32Array, start);
      if (perTree) perTree.set(out[TREE_OUTPUTS].data as Float32Array, start * T);
      else scale.set(out[SCALE_OUTPUT].data as Float32Array, start);
    }
    if (perTree) for (let i = 0; i < nRows; i++) scale[i] = spreadOf(perTree, i * T, T);
    else for (let i = 0; i < nRows; i++) scale[i] = Math.max(0, scale[i]);
    return { mean, scale, perTree };
  }

  private shares?: LearntShares;

  /** The training shares of the learnt values of factors with unlearnt values (from the card). */
  get learntShares(): LearntShares {
    return (this.shares ??= learntShares(this.card));
  }

  /**
   * The prediction and the uncertainty scale of each student. A value the model did not learn
   * from (gender Non-binary or Not stated) is averaged over (see unlearnt-values.ts); pass
   * `marginal` when the rows' MarginalRows are made already.
   */
  async predict(
    rows: readonly StudentFactors[],
    marginal?: MarginalRows,
  ): Promise<ForestPrediction> {
    const m = marginal ?? MarginalRows.of(rows, this.learntShares);
    const { mean, scale } = await this.predictEncoded(m.encoded, m.rows.length);
    return { mean: m.combine(mean), scale: m.combine(scale), nTrees: this.nTrees };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
