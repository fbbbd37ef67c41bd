import { createHash } from 'node:crypto';
import { ENCODING_ID, FEATURE_NAMES } from './features';
import { LabelledStudent } from './labelled-student';
import { TrainingParams } from './training-params';

/** Bump when a change to the training code changes its output for the same inputs. */
export const TRAINER_REVISION = 1;
/** The same, for the additive learner. */
export const ADDITIVE_TRAINER_REVISION = 1;

const sha256 = (data: string): string => createHash('sha256').update(data).digest('hex');

/** Fingerprint of the data: factor values in feature order plus the score, per row. */
export function dataHash(rows: readonly LabelledStudent[]): string {
  const h = createHash('sha256');
  for (const r of rows)
    h.update(JSON.stringify([...FEATURE_NAMES.map((n) => r.factors[n]), r.examScore]) + '\n');
  return h.digest('hex').slice(0, 16);
}

/**
 * `rf-YYYYMMDD-<8 hex>` for a forest, `at-…` for an additive model: the hash covers data,
 * parameters, encoding and trainer revision.
 */
export function modelVersion(hash: string, params: TrainingParams, createdAt: string): string {
  // createdAt and dataSource do not change the model; JSON.stringify drops undefined fields.
  // A forest ignores the additive learner's settings, so its versions stay as they were.
  const forest = params.learner === 'random-forest';
  const relevant = {
    ...params,
    createdAt: undefined,
    dataSource: undefined,
    ...(forest
      ? { learner: undefined, innerFolds: undefined, cvFolds: undefined, compareForest: undefined }
      : {}),
  };
  const revision = forest ? TRAINER_REVISION : `additive-${ADDITIVE_TRAINER_REVISION}`;
  const key = sha256(JSON.stringify({ hash, relevant, ENCODING_ID, TRAINER_REVISION: revision }));
  return `${forest ? 'rf' : 'at'}-${createdAt.slice(0, 10).replace(/-/g, '')}-${key.slice(0, 8)}`;
}
