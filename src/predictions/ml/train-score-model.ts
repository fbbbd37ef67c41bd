import { LabelledStudent } from './labelled-student';
import { trainAdditive } from './train-additive';
import { trainForest, TrainedModel, TrainingProgress } from './train-forest';
import { resolveTrainingParams, TrainingParamsInput } from './training-params';

/**
 * Trains the model the parameters name: the additive learner by default, or the random
 * forest (`learner: 'random-forest'`), the earlier configuration kept for comparison.
 */
export function trainScoreModel(
  rows: readonly LabelledStudent[],
  params: TrainingParamsInput = {},
  onProgress?: (p: TrainingProgress) => void,
): TrainedModel {
  const { learner } = resolveTrainingParams(params);
  return learner === 'random-forest'
    ? trainForest(rows, params, onProgress)
    : trainAdditive(rows, params, onProgress);
}
