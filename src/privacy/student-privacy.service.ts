import { Transactional } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { OneTimeTokensService } from '../auth/one-time-tokens.service';
import { SessionsService } from '../auth/sessions/sessions.service';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { NotificationsPrivacyService } from '../notifications/notifications-privacy.service';
import { PredictionsPrivacyService } from '../predictions/predictions-privacy.service';
import { StudentsPrivacyService } from '../students/students-privacy.service';
import { StudentsService } from '../students/students.service';
import { UsersPrivacyService } from '../users/users-privacy.service';
import { StudentDataExportDto } from './dto/student-data-export.dto';
import { StudentErasureResponseDto } from './dto/student-erasure-response.dto';
import { toStudentDataExport } from './dto/to-student-data-export';

/**
 * Privacy rights over a student's data: the export of everything held (administrators, or the
 * student themself) and the erasure (administrators), in one transaction each. Every module
 * reads and changes its own tables (its privacy service); this one only puts them together.
 */
@Injectable()
export class StudentPrivacyService {
  constructor(
    private readonly students: StudentsService,
    private readonly studentData: StudentsPrivacyService,
    private readonly predictionData: PredictionsPrivacyService,
    private readonly notificationData: NotificationsPrivacyService,
    private readonly userData: UsersPrivacyService,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    private readonly oneTimeTokens: OneTimeTokensService,
  ) {}

  @Transactional<TransactionalAdapterTypeOrm>({ isolationLevel: 'REPEATABLE READ' })
  async exportData(caller: AuthenticatedUser, studentId: string): Promise<StudentDataExportDto> {
    const profile = await this.students.findAccessible(caller, studentId);
    // One after another: a transaction is one connection, which runs one query at a time.
    const records = await this.studentData.performanceRecords(profile.id);
    const predictions = await this.predictionData.heldAbout(profile.id);
    const notifications = await this.notificationData.heldAbout(profile.id, profile.userId);
    const events = await this.audit.eventsAbout('student', profile.studentId);
    const user = profile.userId ? await this.userData.find(profile.userId) : null;
    await this.audit.record({
      actor: { id: caller.id, role: caller.role },
      action: 'student.data_exported',
      target_type: 'student',
      target_id: profile.studentId,
    });
    return toStudentDataExport({
      profile,
      records,
      ...predictions,
      ...notifications,
      notifications: user ? notifications.notifications : [],
      user,
      events,
    });
  }

  /**
   * Erases a student in one transaction: the profile goes with everything attached to it
   * (history, predictions, recommendations, alerts, interventions: foreign-key cascades); a
   * linked account is deactivated, anonymised, signed out everywhere, loses its
   * notifications, and its pending emailed tokens stop working. The audit row keeps only the student id.
   */
  @Transactional()
  async erase(caller: AuthenticatedUser, studentId: string): Promise<StudentErasureResponseDto> {
    const profile = await this.students.findAccessible(caller, studentId, { lock: true });
    const performanceRecords = await this.studentData.countPerformanceRecords(profile.id);
    const predictions = await this.predictionData.countAbout(profile.id);
    const alerts = await this.notificationData.countAbout(profile.id);
    const notifications = profile.userId ? await this.anonymiseUser(profile.userId) : 0;
    await this.studentData.deleteProfile(profile.id);
    await this.audit.record({
      actor: { id: caller.id, role: caller.role },
      action: 'student.erased',
      target_type: 'student',
      target_id: profile.studentId,
      details: { user_anonymised: profile.userId !== null },
    });
    return {
      student_id: profile.studentId,
      erased_at: new Date().toISOString(),
      user_anonymised: profile.userId !== null,
      removed: {
        performance_records: performanceRecords,
        ...predictions,
        ...alerts,
        notifications,
      },
    };
  }

  /** Returns the number of notifications removed (in the erasure's transaction). */
  private async anonymiseUser(userId: string): Promise<number> {
    await this.userData.anonymise(userId);
    await this.sessions.revokeAllForUser(userId, 'deactivated');
    await this.oneTimeTokens.voidAll(userId, 'email_verification');
    await this.oneTimeTokens.voidAll(userId, 'password_reset');
    return this.notificationData.removeNotificationsOf(userId);
  }
}
