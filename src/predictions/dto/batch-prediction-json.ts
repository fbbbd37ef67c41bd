import type { PredictionResultDto } from './prediction-result.dto';
import { toStudentPrediction } from './to-student-prediction';

/** A prediction of a batch as the answer lists it: toStudentPrediction's arguments. */
export interface BatchAnswerItem {
  studentId: string;
  id: string;
  result: PredictionResultDto;
  /** `JSON.stringify(result.top_factors)`, written once for the COPY line and the answer. */
  topFactorsJson: string;
}

/** A number as JSON.stringify writes it (null when not finite). */
const num = (value: number): string => (Number.isFinite(value) ? String(value) : 'null');

/**
 * JSON.stringify(toStudentPrediction(...)) of one item, its keys in the same order, with its
 * top factors as given. A result with unused factors (rare) is written by JSON.stringify itself.
 */
function itemJson(item: BatchAnswerItem, date: Date, dateJson: string): string {
  const { result: r } = item;
  if (r.unused_factors !== undefined) {
    return JSON.stringify(toStudentPrediction(item.studentId, item.id, date, r));
  }
  const interval = r.prediction_interval;
  return (
    `{"id":${JSON.stringify(item.id)},"student_id":${JSON.stringify(item.studentId)},` +
    `"prediction_date":${dateJson},"predicted_score":${num(r.predicted_score)},` +
    `"confidence_level":${num(r.confidence_level)},"tolerance":${num(r.tolerance)},` +
    `"prediction_interval":{"lower":${num(interval.lower)},"upper":${num(interval.upper)},` +
    `"level":${num(interval.level)}},"risk_level":${JSON.stringify(r.risk_level)},` +
    `"top_factors":${item.topFactorsJson},"model_version":${JSON.stringify(r.model_version)}}`
  );
}

/**
 * A batch's answer (BatchPredictionResponseDto) as JSON text, written a chunk at a time while
 * the database stores the previous chunk, so that only the joining is left once the batch
 * commits. The text is what JSON.stringify writes for the whole answer, each prediction being
 * toStudentPrediction of an item; the items' top factors come as JSON already written (for the
 * COPY lines), and no response object is built.
 */
export class BatchPredictionJson {
  /** Each chunk's predictions as JSON array elements, without the brackets (none empty). */
  private readonly parts: string[] = [];

  /** Adds the predictions of one chunk, in request order, all made at `date`. */
  add(items: readonly BatchAnswerItem[], date: Date): void {
    if (items.length === 0) return;
    const dateJson = JSON.stringify(date.toISOString());
    this.parts.push(items.map((item) => itemJson(item, date, dateJson)).join(','));
  }

  /** The whole answer: the model version, every prediction added, and the ids not found. */
  text(modelVersion: string, notFound: readonly string[]): string {
    return (
      `{"model_version":${JSON.stringify(modelVersion)},` +
      `"predictions":[${this.parts.join(',')}],"not_found":${JSON.stringify(notFound)}}`
    );
  }
}
