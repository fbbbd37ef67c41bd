import type { EncodedSplit } from './encoded-split';
import { describeEncoding, ENCODING_ID } from './features';
import type { LabelledStudent } from './labelled-student';
import { MODEL_CARD_SCHEMA, type ModelCard } from './model-card';
import type { TrainingParams } from './training-params';

const round = (v: number, digits = 4): number => Number(v.toFixed(digits));

/** What every learner's card says alike about its training run. */
export interface CardHeadInput {
  version: string;
  createdAt: string;
  hash: string;
  rows: readonly LabelledStudent[];
  split: EncodedSplit;
  params: TrainingParams;
}

type CardHead = Pick<
  ModelCard,
  'schema' | 'version' | 'createdAt' | 'description' | 'target' | 'encodingId' | 'features' | 'data'
>;

/**
 * The opening sections of a model card, the same for every learner: schema, version, the
 * learner's description, the target's training range, the encoding and the data the model was
 * trained on. The keys come in the card's order.
 */
export function cardHead(i: CardHeadInput, description: string, trainingMean: number): CardHead {
  const { split, params } = i;
  return {
    schema: MODEL_CARD_SCHEMA,
    version: i.version,
    createdAt: i.createdAt,
    description,
    target: {
      name: 'exam_score',
      trainingMean: round(trainingMean),
      trainingMin: Math.min(...split.yTrain),
      trainingMax: Math.max(...split.yTrain),
    },
    encodingId: ENCODING_ID,
    features: describeEncoding(),
    data: {
      source: params.dataSource ?? 'unspecified',
      hash: i.hash,
      rows: i.rows.length,
      trainRows: split.train.length,
      heldOutRows: split.held.length,
      heldOutFraction: params.heldOutFraction,
      splitSeed: params.splitSeed,
    },
  };
}
