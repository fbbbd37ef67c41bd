import { STORED_PREDICTIONS } from '../predictions/stored-predictions-sql';
import { STUDENT_PROFILES } from '../students/student-profiles-sql';
import { RULE_SUBJECT_COLUMNS, ruleAlertsCtes } from './rule-alerts-sql';

/** The columns of an alert as AlertRow reads them (`FROM` ALERT_FROM). */
export const ALERT_COLUMNS = `
  a.id, s.student_id, a.type, a.severity, a.status, a.message, a.note, a.rule_id,
  r.name AS rule_name, a.prediction_id, a.acknowledged_at, a.resolved_at, a.updated_by,
  a.created_at, a.updated_at`;

export const ALERT_FROM = `
  FROM alerts a
  JOIN ${STUDENT_PROFILES} s ON s.id = a.student_profile_id
  LEFT JOIN alert_rules r ON r.id = a.rule_id`;

/**
 * The rules evaluated for one student ($1): with a prediction id ($2) over that stored
 * prediction and the factors it was made from; without, over the student's latest stored
 * prediction and their current factors. Counts the alerts opened.
 */
export const EVALUATE_STUDENT = `
WITH subjects (${RULE_SUBJECT_COLUMNS}) AS (
  SELECT s.id, p.id, p.predicted_score, p.risk_level,
         CASE WHEN $2::uuid IS NULL THEN s.attendance
              ELSE (p.input_snapshot->>'attendance')::float8 END,
         CASE WHEN $2::uuid IS NULL THEN s.hours_studied
              ELSE (p.input_snapshot->>'hours_studied')::float8 END,
         CASE WHEN $2::uuid IS NULL THEN s.previous_scores
              ELSE (p.input_snapshot->>'previous_scores')::float8 END
  FROM ${STUDENT_PROFILES} s
  LEFT JOIN LATERAL (
    SELECT * FROM ${STORED_PREDICTIONS} p
    WHERE p.student_profile_id = s.id AND ($2::uuid IS NULL OR p.id = $2::uuid)
    ORDER BY p.prediction_date DESC, p.id DESC
    LIMIT 1
  ) p ON true
  WHERE s.id = $1
),${ruleAlertsCtes('subjects')}
SELECT count(*)::int AS opened FROM opened`;

/**
 * The rules evaluated over a set of stored predictions, given as a JSON array ($1) of their
 * figures and the factors they were made from, in one set-based statement. Counts the alerts
 * opened. The array is read as `json`, which json_to_recordset reads in one pass, where `jsonb`
 * would first be converted (a fifth of the statement for a batch's 2,000 predictions).
 */
export const EVALUATE_STORED = `
WITH subjects (${RULE_SUBJECT_COLUMNS}) AS (
  SELECT r.student_profile_id, r.id, r.predicted_score, r.risk_level, r.attendance,
         r.hours_studied, r.previous_scores
  FROM json_to_recordset($1::json) AS r(
    id uuid, student_profile_id uuid, predicted_score float8, risk_level varchar,
    attendance float8, hours_studied float8, previous_scores float8
  )
),${ruleAlertsCtes('subjects')}
SELECT count(*)::int AS opened FROM opened`;
