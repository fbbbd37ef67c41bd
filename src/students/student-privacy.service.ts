import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '../audit/entities/audit-log.entity';
import { AuditService } from '../audit/audit.service';
import { OneTimeTokensService } from '../auth/one-time-tokens.service';
import { SessionsService } from '../auth/sessions/sessions.service';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Alert } from '../notifications/entities/alert.entity';
import { Intervention } from '../notifications/entities/intervention.entity';
import { Notification } from '../notifications/entities/notification.entity';
import { Prediction } from '../predictions/entities/prediction.entity';
import { Recommendation } from '../predictions/entities/recommendation.entity';
import { User } from '../users/entities/user.entity';
import { toUserResponse } from '../users/dto/to-user-response';
import { StudentDataExportDto } from './dto/student-data-export.dto';
import { StudentErasureResponseDto } from './dto/student-erasure-response.dto';
import { toPerformanceRecordResponse } from './dto/to-performance-record-response';
import { toStudentResponse } from './dto/to-student-response';
import { PerformanceRecord } from './entities/performance-record.entity';
import { StudentProfile } from './entities/student-profile.entity';
import { AuditSource, StudentsService } from './students.service';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/**
 * Privacy rights over a student's data: the export of everything held (administrators, or the
 * student themself) and the erasure (administrators). Both read or change every table that
 * holds data about the student, in one transaction each.
 */
@Injectable()
export class StudentPrivacyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly students: StudentsService,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    private readonly oneTimeTokens: OneTimeTokensService,
  ) {}

  async exportData(
    caller: AuthenticatedUser,
    studentId: string,
    request?: AuditSource,
  ): Promise<StudentDataExportDto> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const profile = await this.students.findAccessible(caller, studentId, { manager });
      const bySubject = { where: { studentProfileId: profile.id } };
      const [records, predictions, recommendations, alerts, interventions, events] =
        await Promise.all([
          manager.find(PerformanceRecord, { ...bySubject, order: { recordedAt: 'DESC' } }),
          manager.find(Prediction, { ...bySubject, order: { predictionDate: 'DESC' } }),
          manager.find(Recommendation, { ...bySubject, order: { createdAt: 'DESC' } }),
          manager.find(Alert, { ...bySubject, order: { createdAt: 'DESC' } }),
          manager.find(Intervention, { ...bySubject, order: { createdAt: 'DESC' } }),
          manager.find(AuditLog, {
            where: { targetType: 'student', targetId: profile.studentId },
            order: { occurredAt: 'DESC' },
          }),
        ]);
      const user = profile.userId ? await manager.findOneBy(User, { id: profile.userId }) : null;
      const notifications = user
        ? await manager.find(Notification, {
            where: { userId: user.id },
            order: { createdAt: 'DESC' },
          })
        : [];
      await this.audit.record(
        {
          actor: { id: caller.id, role: caller.role },
          action: 'student.data_exported',
          target_type: 'student',
          target_id: profile.studentId,
          request,
        },
        manager,
      );
      return {
        exported_at: new Date().toISOString(),
        student: toStudentResponse(profile),
        performance_records: records.map((r) => toPerformanceRecordResponse(r, profile.studentId)),
        predictions: predictions.map((p) => ({
          id: p.id,
          predicted_score: p.predictedScore,
          confidence_level: p.confidenceLevel,
          prediction_interval: {
            lower: p.intervalLower,
            upper: p.intervalUpper,
            level: p.intervalLevel,
          },
          risk_level: p.riskLevel,
          top_factors: p.topFactors,
          input_snapshot: p.inputSnapshot,
          model_version: p.modelVersion,
          prediction_date: p.predictionDate.toISOString(),
        })),
        recommendations: recommendations.map((r) => ({
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
        })),
        alerts: alerts.map((a) => ({
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
        })),
        interventions: interventions.map((i) => ({
          id: i.id,
          alert_id: i.alertId,
          type: i.type,
          description: i.description,
          status: i.status,
          due_date: i.dueDate,
          outcome: i.outcome,
          created_at: i.createdAt.toISOString(),
          updated_at: i.updatedAt.toISOString(),
        })),
        ...(user ? { user: toUserResponse(user, profile.studentId) } : {}),
        notifications: notifications.map((n) => ({
          id: n.id,
          type: n.type,
          title: n.title,
          message: n.message,
          data: n.data,
          read_at: iso(n.readAt),
          created_at: n.createdAt.toISOString(),
        })),
        audit_events: events.map((e) => ({
          occurred_at: e.occurredAt.toISOString(),
          action: e.action,
          actor_role: e.actorRole,
          details: e.details,
        })),
      };
    });
  }

  /**
   * Erases a student in one transaction: the profile goes with everything attached to it
   * (history, predictions, recommendations, alerts, interventions: foreign-key cascades); a
   * linked account is deactivated, anonymised, signed out everywhere, loses its
   * notifications, and its pending emailed tokens stop working. The audit row keeps only the student id.
   */
  async erase(
    caller: AuthenticatedUser,
    studentId: string,
    request?: AuditSource,
  ): Promise<StudentErasureResponseDto> {
    return this.dataSource.transaction(async (manager) => {
      const profile = await this.students.findAccessible(caller, studentId, {
        manager,
        lock: true,
      });
      const bySubject = { studentProfileId: profile.id };
      const [performanceRecords, predictions, recommendations, alerts, interventions] =
        await Promise.all([
          manager.countBy(PerformanceRecord, bySubject),
          manager.countBy(Prediction, bySubject),
          manager.countBy(Recommendation, bySubject),
          manager.countBy(Alert, bySubject),
          manager.countBy(Intervention, bySubject),
        ]);
      const notifications = profile.userId ? await this.anonymiseUser(manager, profile.userId) : 0;
      await manager.delete(StudentProfile, { id: profile.id });
      await this.audit.record(
        {
          actor: { id: caller.id, role: caller.role },
          action: 'student.erased',
          target_type: 'student',
          target_id: profile.studentId,
          details: { user_anonymised: profile.userId !== null },
          request,
        },
        manager,
      );
      return {
        student_id: profile.studentId,
        erased_at: new Date().toISOString(),
        user_anonymised: profile.userId !== null,
        removed: {
          performance_records: performanceRecords,
          predictions,
          recommendations,
          alerts,
          interventions,
          notifications,
        },
      };
    });
  }

  /** Returns the number of notifications removed. */
  private async anonymiseUser(manager: EntityManager, userId: string): Promise<number> {
    await manager.update(
      User,
      { id: userId },
      {
        email: `erased-${userId}@erased.invalid`,
        firstName: 'Erased',
        lastName: 'User',
        // Not a hash of anything: no password can ever match it.
        passwordHash: `!erased:${randomBytes(16).toString('hex')}`,
        isActive: false,
        emailVerified: false,
        emailVerifiedAt: null,
        lastLoginAt: null,
      },
    );
    await this.sessions.revokeAllForUser(userId, 'deactivated', { manager });
    await this.oneTimeTokens.voidAll(userId, 'email_verification', manager);
    await this.oneTimeTokens.voidAll(userId, 'password_reset', manager);
    const removed = await manager.delete(Notification, { userId });
    return removed.affected ?? 0;
  }
}
