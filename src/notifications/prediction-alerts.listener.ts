import { Injectable, OnModuleInit } from '@nestjs/common';
import type { PredictionsStoredListener, StoredPrediction } from '../predictions';
import { PredictionListeners } from '../predictions/prediction-listeners.service';
import { AlertsRepository } from './alerts.repository';

/**
 * The notifications module's listener to stored predictions: alert evaluation is its own.
 * Evaluates the alert rules over each set of stored predictions, in one set-based statement
 * in the storing transaction (see `ruleAlertsCtes`): each enabled rule a prediction (or the
 * factors it was made from) meets opens an alert unless the student already has an unresolved
 * one for that rule, notifies the student's account and queues the alert mails.
 */
@Injectable()
export class PredictionAlertsListener implements PredictionsStoredListener, OnModuleInit {
  constructor(
    private readonly listeners: PredictionListeners,
    private readonly alerts: AlertsRepository,
  ) {}

  onModuleInit(): void {
    this.listeners.register(this);
  }

  predictionsStored(predictions: readonly StoredPrediction[]): Promise<void> {
    return this.alerts.evaluateStored(predictions);
  }
}
