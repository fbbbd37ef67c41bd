import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PredictionsStoredListener, StoredPrediction } from '../predictions';
import { PredictionListeners } from '../predictions/prediction-listeners.service';
import { RULE_SUBJECT_COLUMNS, ruleAlertsCtes } from './rule-alerts-sql';

/**
 * Evaluates the alert rules over each set of stored predictions, in one set-based statement
 * on the storing transaction (see `ruleAlertsCtes`): each enabled rule a prediction (or the
 * factors it was made from) meets opens an alert unless the student already has an unresolved
 * one for that rule, notifies the student's account and queues the alert mails.
 */
const EVALUATE_STORED = `
WITH subjects (${RULE_SUBJECT_COLUMNS}) AS (
  SELECT r.student_profile_id, r.id, r.predicted_score, r.risk_level, r.attendance,
         r.hours_studied, r.previous_scores
  FROM jsonb_to_recordset($1::jsonb) AS r(
    id uuid, student_profile_id uuid, predicted_score float8, risk_level varchar,
    attendance float8, hours_studied float8, previous_scores float8
  )
),${ruleAlertsCtes('subjects')}
SELECT count(*)::int AS opened FROM opened`;

/** The notifications module's listener to stored predictions: alert evaluation is its own. */
@Injectable()
export class PredictionAlertsListener implements PredictionsStoredListener, OnModuleInit {
  constructor(private readonly listeners: PredictionListeners) {}

  onModuleInit(): void {
    this.listeners.register(this);
  }

  async predictionsStored(
    manager: EntityManager,
    predictions: readonly StoredPrediction[],
  ): Promise<void> {
    const rows = predictions.map((p) => ({
      id: p.id,
      student_profile_id: p.studentProfileId,
      predicted_score: p.predictedScore,
      risk_level: p.riskLevel,
      attendance: p.attendance,
      hours_studied: p.hoursStudied,
      previous_scores: p.previousScores,
    }));
    await manager.query(EVALUATE_STORED, [JSON.stringify(rows)]);
  }
}
