import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { AccountLookup } from '../users/account-lookup.service';
import { StudentProfile } from './entities/student-profile.entity';
import { StudentsService } from './students.service';
import {
  LinkedUserNotFoundError,
  StudentAlreadyLinkedError,
  UserAlreadyLinkedError,
  UserNotStudentError,
} from './students.errors';
import { StudentsRepository } from './students.repository';

const UNIQUE_VIOLATION = '23505';

/**
 * Links a student account to a student profile (administrators), so that the student can read
 * their own profile, history and predictions. One account per profile, one profile per account.
 */
@Injectable()
export class StudentAccountLinkService {
  constructor(
    private readonly profiles: StudentsRepository,
    private readonly students: StudentsService,
    private readonly audit: AuditService,
    private readonly accounts: AccountLookup,
  ) {}

  /** Idempotent for the same pair; 409 when either side is linked elsewhere or not a student. */
  async link(
    caller: AuthenticatedUser,
    studentId: string,
    userId: string,
  ): Promise<StudentProfile> {
    try {
      return await this.linkInTransaction(caller, studentId, userId);
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
  @Transactional()
  async unlink(caller: AuthenticatedUser, studentId: string): Promise<void> {
    const profile = await this.students.findAccessible(caller, studentId, { lock: true });
    if (profile.userId === null) return;
    await this.profiles.update(profile.id, { userId: null, autoLink: false });
    await this.audit.record({
      actor: { id: caller.id, role: caller.role },
      action: 'student.user_unlinked',
      target_type: 'student',
      target_id: profile.studentId,
      details: { user_id: profile.userId },
    });
  }

  /** The profile and the account, both locked, then the link and its audit entry. */
  @Transactional()
  private async linkInTransaction(
    caller: AuthenticatedUser,
    studentId: string,
    userId: string,
  ): Promise<StudentProfile> {
    const profile = await this.students.findAccessible(caller, studentId, { lock: true });
    const role = await this.accounts.lockedRole(userId);
    if (role === null) throw new LinkedUserNotFoundError(userId);
    if (role !== 'student') throw new UserNotStudentError();
    if (profile.userId === userId) return profile;
    if (profile.userId !== null) throw new StudentAlreadyLinkedError(profile.studentId);
    const other = await this.profiles.findByUserId(userId);
    if (other) throw new UserAlreadyLinkedError(other.studentId);
    await this.profiles.update(profile.id, { userId });
    await this.audit.record({
      actor: { id: caller.id, role: caller.role },
      action: 'student.user_linked',
      target_type: 'student',
      target_id: profile.studentId,
      details: { user_id: userId },
    });
    return this.profiles.findByRowId(profile.id);
  }
}
