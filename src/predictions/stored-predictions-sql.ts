/**
 * For other modules' read-only SQL (alert evaluation of one student's latest prediction): the
 * stored predictions as a subquery to alias, so that only the predictions module names its
 * table. Columns: id, student_profile_id, predicted_score, risk_level, input_snapshot (the
 * factors it was made from), prediction_date.
 */
export const STORED_PREDICTIONS = `(SELECT id, student_profile_id, predicted_score, risk_level,
  input_snapshot, prediction_date FROM predictions)`;
