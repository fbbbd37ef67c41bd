import { Injectable } from '@nestjs/common';
import type { PredictionsStoredListener } from './predictions-stored-listener';
import type { StoredPrediction } from './stored-prediction';

/**
 * Where other modules register to hear of stored predictions (the notifications module
 * evaluates its alert rules over them), so the predictions module knows none of them.
 */
@Injectable()
export class PredictionListeners {
  private readonly listeners: PredictionsStoredListener[] = [];

  register(listener: PredictionsStoredListener): void {
    this.listeners.push(listener);
  }

  /** Calls every listener in turn, in the storing transaction. */
  async predictionsStored(predictions: readonly StoredPrediction[]): Promise<void> {
    if (predictions.length === 0) return;
    for (const listener of this.listeners) await listener.predictionsStored(predictions);
  }
}
