import { LabelledStudent } from './labelled-student';
import { trainAdditive } from './train-additive';
import { trainForest } from './train-forest';
import { TrainedModel, TrainingProgress } from './trained-model';
import { resolveTrainingParams, TrainingParamsInput } from './training-params';
import { hasUnlearntValue } from './unlearnt-values';

/**
 * Trains the model the parameters name: the additive learner by default, or the random
 * forest (`learner: 'random-forest'`), the earlier configuration kept for comparison.
 *
 * Students with a value the encoding has no code for (gender Non-binary or Not stated) are
 * left out of training and evaluation: the model cannot learn an effect for a value it has no
 * input for, and imputing Male or Female would be a guess. The card's data source says how
 * many were left out; their predictions average over the learnt values (unlearnt-values.ts).
 * `trainRows` and `heldOutRows` still index into `rows`.
 */
export function trainScoreModel(
  rows: readonly LabelledStudent[],
  params: TrainingParamsInput = {},
  onProgress?: (p: TrainingProgress) => void,
): TrainedModel {
  const kept: number[] = [];
  rows.forEach((r, i) => {
    if (!hasUnlearntValue(r.factors)) kept.push(i);
  });
  const leftOut = rows.length - kept.length;
  if (leftOut === 0) return train(rows, params, onProgress);
  const dataSource =
    `${params.dataSource ?? 'unspecified'}; ${leftOut} of them left out of training: ` +
    'a gender value the model has no input for (Non-binary, Not stated)';
  const trained = train(
    kept.map((i) => rows[i]),
    { ...params, dataSource },
    onProgress,
  );
  return {
    ...trained,
    trainRows: trained.trainRows.map((i) => kept[i]),
    heldOutRows: trained.heldOutRows.map((i) => kept[i]),
  };
}

function train(
  rows: readonly LabelledStudent[],
  params: TrainingParamsInput,
  onProgress?: (p: TrainingProgress) => void,
): TrainedModel {
  const { learner } = resolveTrainingParams(params);
  return learner === 'random-forest'
    ? trainForest(rows, params, onProgress)
    : trainAdditive(rows, params, onProgress);
}
