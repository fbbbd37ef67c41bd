import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { AutoLinkContext, StudentLinkProvider } from '../users';
import { StudentLinker } from '../users/student-linker';
import { StudentsRepository } from './students.repository';

/**
 * The students module's StudentLinkProvider, registered with the users module's StudentLinker:
 * the automatic link of a student account to the oldest unlinked profile with its email. A
 * profile already linked to someone is never taken over, and a profile an administrator
 * unlinked (`auto_link` false) is left to administrators. Every link made here is audited
 * (`student.user_linked`, `automatic: true`) in the same transaction.
 */
@Injectable()
export class StudentAccountLinker implements StudentLinkProvider, OnModuleInit {
  constructor(
    private readonly profiles: StudentsRepository,
    private readonly linker: StudentLinker,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.linker.register(this);
  }

  /** In the caller's transaction (StudentLinker.linkByEmail opens one when there is none). */
  async linkByEmail(
    user: { id: string; email: string },
    context: AutoLinkContext,
  ): Promise<string | null> {
    const studentId = await this.profiles.linkByEmail(user.id, user.email);
    if (studentId !== null) {
      await this.audit.record({
        actor: context.actor,
        action: 'student.user_linked',
        target_type: 'student',
        target_id: studentId,
        details: { user_id: user.id, automatic: true, trigger: context.trigger },
      });
    }
    return studentId;
  }

  studentIdsOf(userIds: string[]): Promise<Map<string, string>> {
    return this.profiles.studentIdsOf(userIds);
  }
}
