import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { AccountLookup } from '../users/account-lookup.service';
import { StudentProfile } from './entities/student-profile.entity';
import { AuditSource, StudentsService } from './students.service';
import {
  LinkedUserNotFoundError,
  StudentAlreadyLinkedError,
  UserAlreadyLinkedError,
  UserNotStudentError,
} from './students.errors';

const UNIQUE_VIOLATION = '23505';

/**
 * Links a student account to a student profile (administrators), so that the student can read
 * their own profile, history and predictions. One account per profile, one profile per account.
 */
@Injectable()
export class StudentAccountLinkService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly students: StudentsService,
    private readonly audit: AuditService,
    private readonly accounts: AccountLookup,
  ) {}

  /** Idempotent for the same pair; 409 when either side is linked elsewhere or not a student. */
  async link(
    caller: AuthenticatedUser,
    studentId: string,
    userId: string,
    request?: AuditSource,
  ): Promise<StudentProfile> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const profile = await this.students.findAccessible(caller, studentId, {
          manager,
          lock: true,
        });
        const role = await this.accounts.lockedRole(userId, manager);
        if (role === null) throw new LinkedUserNotFoundError(userId);
        if (role !== 'student') throw new UserNotStudentError();
        if (profile.userId === userId) return profile;
        if (profile.userId !== null) throw new StudentAlreadyLinkedError(profile.studentId);
        const other = await manager.findOneBy(StudentProfile, { userId });
        if (other) throw new UserAlreadyLinkedError(other.studentId);
        await manager.update(StudentProfile, { id: profile.id }, { userId });
        await this.audit.record(
          {
            actor: { id: caller.id, role: caller.role },
            action: 'student.user_linked',
            target_type: 'student',
            target_id: profile.studentId,
            details: { user_id: userId },
            request,
          },
          manager,
        );
        return manager.findOneByOrFail(StudentProfile, { id: profile.id });
      });
    } catch (error: unknown) {
      // Two administrators linking the same account at once: the unique index decides.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new UserAlreadyLinkedError('another profile');
      }
      throw error;
    }
  }

  /**
   * Removes the link, if any (idempotent). The profile is then left out of automatic linking
   * by email (at login, verification or account creation): only an administrator links it again.
   */
  async unlink(caller: AuthenticatedUser, studentId: string, request?: AuditSource): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const profile = await this.students.findAccessible(caller, studentId, {
        manager,
        lock: true,
      });
      if (profile.userId === null) return;
      await manager.update(StudentProfile, { id: profile.id }, { userId: null, autoLink: false });
      await this.audit.record(
        {
          actor: { id: caller.id, role: caller.role },
          action: 'student.user_unlinked',
          target_type: 'student',
          target_id: profile.studentId,
          details: { user_id: profile.userId },
          request,
        },
        manager,
      );
    });
  }
}
