import type { StoredPrediction } from './stored-prediction';

/**
 * Told of the predictions just stored, in the transaction that stores them (the current one:
 * a batch's on the heavy pool, any other on the main one): what it writes commits or rolls
 * back with them, and an error it throws rolls the predictions back.
 */
export interface PredictionsStoredListener {
  predictionsStored(predictions: readonly StoredPrediction[]): Promise<void>;
}
