import type { StudentPredictionDto } from './student-prediction.dto';

/**
 * A batch's answer (BatchPredictionResponseDto) as JSON text, written a chunk at a time while
 * the database stores the previous chunk, so that only the joining is left once the batch
 * commits. The text is what JSON.stringify writes for the whole answer.
 */
export class BatchPredictionJson {
  /** Each chunk's predictions as JSON array elements, without the brackets (none empty). */
  private readonly parts: string[] = [];

  /** Adds the predictions of one chunk, in request order. */
  add(predictions: readonly StudentPredictionDto[]): void {
    if (predictions.length > 0) this.parts.push(JSON.stringify(predictions).slice(1, -1));
  }

  /** The whole answer: the model version, every prediction added, and the ids not found. */
  text(modelVersion: string, notFound: readonly string[]): string {
    return (
      `{"model_version":${JSON.stringify(modelVersion)},` +
      `"predictions":[${this.parts.join(',')}],"not_found":${JSON.stringify(notFound)}}`
    );
  }
}
