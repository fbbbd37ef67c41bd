import type { AlertResponseDto } from './alert-response.dto';
import type { AlertSeverity, AlertStatusValue } from '../alert-values';

/** An alert row as the alert queries select it. */
export interface AlertRow {
  id: string;
  student_id: string;
  type: string;
  severity: AlertSeverity;
  status: AlertStatusValue;
  message: string;
  note: string | null;
  rule_id: string | null;
  rule_name: string | null;
  prediction_id: string | null;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toAlertResponse(row: AlertRow): AlertResponseDto {
  return {
    id: row.id,
    student_id: row.student_id,
    type: row.type,
    severity: row.severity,
    status: row.status,
    message: row.message,
    note: row.note,
    rule_id: row.rule_id,
    rule_name: row.rule_name,
    prediction_id: row.prediction_id,
    acknowledged_at: iso(row.acknowledged_at),
    resolved_at: iso(row.resolved_at),
    updated_by: row.updated_by,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
