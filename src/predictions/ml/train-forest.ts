import { createHash } from 'node:crypto';
import { encodeSplit } from './encoded-split';
import { forestCard } from './forest-card';
import { evaluateForest } from './forest-evaluation';
import { fitForest, robustPassTrees } from './forest-fit';
import { LabelledStudent } from './labelled-student';
import { buildModelMetadata } from './model-metadata';
import { dataHash, modelVersion } from './model-version';
import { forestToOnnx } from './onnx-export';
import { TrainedModel, TrainingProgress } from './trained-model';
import { resolveTrainingParams, TrainingParamsInput } from './training-params';

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * Trains the full model from labelled students: seeded held-out split, robust
 * preliminary pass, random forest with OOB estimates, leaf calibration, conformal
 * calibration, evaluation against baselines, model card and ONNX bytes.
 * Synchronous and CPU-bound (≈ 1–2 s for 5,000 rows); run it off the request path.
 */
export function trainForest(
  rows: readonly LabelledStudent[],
  paramsInput: TrainingParamsInput = {},
  onProgress?: (p: TrainingProgress) => void,
): TrainedModel {
  const params = resolveTrainingParams({ ...paramsInput, learner: 'random-forest' });
  const createdAt = params.createdAt ?? new Date().toISOString();
  if (rows.length < 50) {
    throw new RangeError(`need at least 50 labelled students, got ${rows.length}`);
  }
  const badScore = rows.findIndex((r) => !Number.isFinite(r.examScore));
  if (badScore >= 0) throw new RangeError(`row ${badScore}: exam score must be a finite number`);
  const hash = dataHash(rows);
  const version = modelVersion(hash, params, createdAt);
  const split = encodeSplit(rows, params);
  const total = robustPassTrees(params) + params.forest.nTrees + 1;
  const report = (stage: TrainingProgress['stage'], done: number): void =>
    onProgress?.({ stage, done, total });

  const fit = fitForest(split, params, report);
  const evaluation = evaluateForest(split, fit, params);
  report('evaluation', total);
  const card = forestCard({ version, createdAt, hash, rows, split, fit, params, evaluation });
  const onnx = forestToOnnx(fit.forest, {
    version,
    metadata: buildModelMetadata(card, fit.conformal),
  });
  return {
    version,
    card: {
      ...card,
      artifact: { file: `${version}.onnx`, bytes: onnx.length, sha256: sha256(onnx) },
    },
    onnx,
    forest: fit.forest,
    conformal: fit.conformal,
    trainRows: split.trainRows,
    heldOutRows: split.heldOutRows,
  };
}
