import { createHash } from 'node:crypto';
import { additiveCard } from './additive-card';
import { evaluateAdditive } from './additive-evaluation';
import { fitAdditive } from './additive-fit';
import { encodeSplit } from './encoded-split';
import { LabelledStudent } from './labelled-student';
import { buildModelMetadata } from './model-metadata';
import { additiveToOnnx } from './onnx-export';
import { dataHash, modelVersion } from './model-version';
import { trainForest } from './train-forest';
import { TrainedModel, TrainingProgress } from './trained-model';
import { resolveTrainingParams, TrainingParamsInput } from './training-params';

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * Trains the additive model: seeded held-out split (the forest's), Huber threshold chosen on
 * folds of the training rows, the robust linear fit written as one tree per factor, a scale
 * ensemble and scaled conformal calibration from out-of-fold residuals, the warning level,
 * then the evaluation (held out, cross-validation, the forest configuration on the same rows)
 * and the ONNX bytes with the card.
 */
export function trainAdditive(
  rows: readonly LabelledStudent[],
  paramsInput: TrainingParamsInput = {},
  onProgress?: (p: TrainingProgress) => void,
): TrainedModel {
  const params = resolveTrainingParams({ ...paramsInput, learner: 'robust-additive' });
  const createdAt = params.createdAt ?? new Date().toISOString();
  if (rows.length < 50)
    throw new RangeError(`need at least 50 labelled students, got ${rows.length}`);
  const badScore = rows.findIndex((r) => !Number.isFinite(r.examScore));
  if (badScore >= 0) throw new RangeError(`row ${badScore}: exam score must be a finite number`);
  const hash = dataHash(rows);
  const version = modelVersion(hash, params, createdAt);
  const total = 4;
  const report = (stage: TrainingProgress['stage'], done: number): void =>
    onProgress?.({ stage, done, total });

  const split = encodeSplit(rows, params);
  const fit = fitAdditive(split, params);
  report('selection', 1);
  const forest =
    params.compareForest && split.held.length > 0
      ? trainForest(rows, { ...paramsInput, learner: 'random-forest', createdAt })
      : null;
  report('comparison', 2);
  const evaluation = evaluateAdditive(rows, split, fit, params, forest);
  report('evaluation', 3);
  const card = additiveCard({ version, createdAt, hash, rows, split, fit, params, evaluation });
  const onnx = additiveToOnnx(fit.trees, fit.scale, {
    version,
    metadata: buildModelMetadata(card, fit.conformal),
  });
  report('evaluation', total);
  return {
    version,
    card: {
      ...card,
      artifact: { file: `${version}.onnx`, bytes: onnx.length, sha256: sha256(onnx) },
    },
    onnx,
    forest: fit.trees,
    scale: fit.scale,
    conformal: fit.conformal,
    trainRows: split.trainRows,
    heldOutRows: split.heldOutRows,
  };
}
