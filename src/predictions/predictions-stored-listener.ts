import type { EntityManager } from 'typeorm';
import type { StoredPrediction } from './stored-prediction';

/**
 * Told of the predictions just stored, in the transaction that stores them: what it writes
 * commits or rolls back with them, and an error it throws rolls the predictions back.
 */
export interface PredictionsStoredListener {
  predictionsStored(
    manager: EntityManager,
    predictions: readonly StoredPrediction[],
  ): Promise<void>;
}
