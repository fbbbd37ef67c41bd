import { ForestParams } from './random-forest';
import { DEFAULT_RISK_THRESHOLDS, RiskThresholds } from './risk';

/**
 * The learners: 'robust-additive' (the default: a Huber linear fit of the factors written
 * exactly as one tree per factor, with a small scale ensemble) and 'random-forest' (the
 * earlier forest, kept as a named configuration to compare with).
 */
export type Learner = 'robust-additive' | 'random-forest';
export const LEARNERS: readonly Learner[] = ['robust-additive', 'random-forest'];

export interface TrainingParams {
  readonly learner: Learner;
  /** Folds of the training rows for the additive learner's choices and out-of-fold residuals. */
  readonly innerFolds: number;
  /** Folds of the cross-validation over all rows reported in the card (0 disables). */
  readonly cvFolds: number;
  /** Additive learner: also train the forest configuration on the same rows, for the card. */
  readonly compareForest: boolean;
  readonly forest: ForestParams;
  /** Fraction of rows held out (seeded split) for the card's held-out metrics; 0 disables. */
  readonly heldOutFraction: number;
  readonly splitSeed: number;
  /**
   * Clip training scores whose out-of-bag residual exceeds this many robust standard
   * deviations (see robust-targets.ts); null disables.
   */
  readonly robustClipK: number | null;
  /** Trees of the preliminary forest that provides those OOB residuals. */
  readonly robustPassTrees: number;
  /** Fold an OOB-fitted affine correction of the forest's shrinkage into the leaves. */
  readonly leafCalibration: boolean;
  /** Nominal coverage of the prediction interval. */
  readonly intervalLevel: number;
  /** ± points for the stated confidence_level. */
  readonly tolerance: number;
  readonly risk: RiskThresholds;
  readonly permutationRepeats: number;
  /** ISO-8601 creation time; pass a fixed value for byte-identical output. Default: now. */
  readonly createdAt?: string;
  /** Free-text description of the data source, for the card. */
  readonly dataSource?: string;
}

/**
 * Defaults chosen by out-of-bag and inner-validation results on the training part of
 * the seed data (never on the held-out rows); see the model card for the figures.
 */
export const DEFAULT_FOREST_PARAMS: ForestParams = {
  nTrees: 128,
  maxFeatures: 0.25,
  minSamplesLeaf: 2,
  maxDepth: 16,
  maxSamples: 0.2,
  splitter: 'random',
  seed: 20240601,
};

export const DEFAULT_TRAINING_PARAMS: TrainingParams = {
  learner: 'robust-additive',
  innerFolds: 5,
  cvFolds: 5,
  compareForest: true,
  forest: DEFAULT_FOREST_PARAMS,
  heldOutFraction: 0.2,
  splitSeed: 42,
  robustClipK: 3,
  robustPassTrees: 60,
  leafCalibration: true,
  intervalLevel: 0.9,
  tolerance: 2,
  risk: DEFAULT_RISK_THRESHOLDS,
  permutationRepeats: 3,
};

export type TrainingParamsInput = Partial<Omit<TrainingParams, 'forest'>> & {
  forest?: Partial<ForestParams>;
};

export function resolveTrainingParams(input: TrainingParamsInput = {}): TrainingParams {
  const p: TrainingParams = {
    ...DEFAULT_TRAINING_PARAMS,
    ...input,
    forest: { ...DEFAULT_FOREST_PARAMS, ...input.forest },
  };
  if (!(p.heldOutFraction >= 0 && p.heldOutFraction < 1))
    throw new RangeError('heldOutFraction must be in [0, 1)');
  if (!(p.intervalLevel > 0 && p.intervalLevel < 1))
    throw new RangeError('intervalLevel must be in (0, 1)');
  if (!(p.tolerance > 0)) throw new RangeError('tolerance must be positive');
  if (p.robustClipK !== null && !(p.robustClipK > 0))
    throw new RangeError('robustClipK must be positive or null');
  if (!Number.isInteger(p.robustPassTrees) || p.robustPassTrees < 1) {
    throw new RangeError('robustPassTrees must be a positive integer');
  }
  if (!LEARNERS.includes(p.learner))
    throw new RangeError(`learner must be ${LEARNERS.join(' or ')}`);
  if (!Number.isInteger(p.innerFolds) || p.innerFolds < 2)
    throw new RangeError('innerFolds must be an integer >= 2');
  if (!Number.isInteger(p.cvFolds) || p.cvFolds < 0 || p.cvFolds === 1)
    throw new RangeError('cvFolds must be 0 or an integer >= 2');
  if (p.createdAt !== undefined && Number.isNaN(Date.parse(p.createdAt))) {
    throw new RangeError('createdAt must be an ISO-8601 date');
  }
  return p;
}
