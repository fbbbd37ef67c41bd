import type { AuditLog } from '../../audit/entities/audit-log.entity';
import type { Alert } from '../../notifications/entities/alert.entity';
import type { Intervention } from '../../notifications/entities/intervention.entity';
import type { Notification } from '../../notifications/entities/notification.entity';
import type { Prediction } from '../../predictions/entities/prediction.entity';
import type { Recommendation } from '../../predictions/entities/recommendation.entity';
import { toPerformanceRecordResponse } from '../../students/dto/to-performance-record-response';
import { toStudentResponse } from '../../students/dto/to-student-response';
import type { PerformanceRecord } from '../../students/entities/performance-record.entity';
import type { StudentProfile } from '../../students/entities/student-profile.entity';
import { toUserResponse } from '../../users/dto/to-user-response';
import type { User } from '../../users/entities/user.entity';
import type { ExportedAlertDto } from './data-export/exported-alert.dto';
import type { ExportedInterventionDto } from './data-export/exported-intervention.dto';
import type { ExportedPredictionDto } from './data-export/exported-prediction.dto';
import type { ExportedRecommendationDto } from './data-export/exported-recommendation.dto';
import type { StudentDataExportDto } from './student-data-export.dto';

/** Everything held about a student, as each owning module returned it. */
export interface StudentDataHeld {
  profile: StudentProfile;
  records: PerformanceRecord[];
  predictions: Prediction[];
  recommendations: Recommendation[];
  alerts: Alert[];
  interventions: Intervention[];
  user: User | null;
  notifications: Notification[];
  events: AuditLog[];
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

const toExportedPrediction = (p: Prediction): ExportedPredictionDto => ({
  id: p.id,
  predicted_score: p.predictedScore,
  confidence_level: p.confidenceLevel,
  prediction_interval: { lower: p.intervalLower, upper: p.intervalUpper, level: p.intervalLevel },
  risk_level: p.riskLevel,
  top_factors: p.topFactors,
  input_snapshot: p.inputSnapshot,
  model_version: p.modelVersion,
  prediction_date: p.predictionDate.toISOString(),
});

const toExportedRecommendation = (r: Recommendation): ExportedRecommendationDto => ({
  id: r.id,
  prediction_id: r.predictionId,
  factor: r.factor,
  current_value: r.currentValue,
  suggested_value: r.suggestedValue,
  expected_gain: r.expectedGain,
  message: r.message,
  priority: r.priority,
  status: r.status,
  model_version: r.modelVersion,
  created_at: r.createdAt.toISOString(),
});

const toExportedAlert = (a: Alert): ExportedAlertDto => ({
  id: a.id,
  prediction_id: a.predictionId,
  type: a.type,
  severity: a.severity,
  status: a.status,
  message: a.message,
  note: a.note,
  acknowledged_at: iso(a.acknowledgedAt),
  resolved_at: iso(a.resolvedAt),
  created_at: a.createdAt.toISOString(),
  updated_at: a.updatedAt.toISOString(),
});

const toExportedIntervention = (i: Intervention): ExportedInterventionDto => ({
  id: i.id,
  alert_id: i.alertId,
  type: i.type,
  description: i.description,
  status: i.status,
  due_date: i.dueDate,
  outcome: i.outcome,
  created_at: i.createdAt.toISOString(),
  updated_at: i.updatedAt.toISOString(),
});

/** The privacy export of a student: every section, in the API's shape. */
export function toStudentDataExport(held: StudentDataHeld): StudentDataExportDto {
  const { profile, user } = held;
  return {
    exported_at: new Date().toISOString(),
    student: toStudentResponse(profile),
    performance_records: held.records.map((r) => toPerformanceRecordResponse(r, profile.studentId)),
    predictions: held.predictions.map(toExportedPrediction),
    recommendations: held.recommendations.map(toExportedRecommendation),
    alerts: held.alerts.map(toExportedAlert),
    interventions: held.interventions.map(toExportedIntervention),
    ...(user ? { user: toUserResponse(user, profile.studentId) } : {}),
    notifications: held.notifications.map((n) => ({
      id: n.id,
      type: n.type,
      title: n.title,
      message: n.message,
      data: n.data,
      read_at: iso(n.readAt),
      created_at: n.createdAt.toISOString(),
    })),
    audit_events: held.events.map((e) => ({
      occurred_at: e.occurredAt.toISOString(),
      action: e.action,
      actor_role: e.actorRole,
      details: e.details,
    })),
  };
}
