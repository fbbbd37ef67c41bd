import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { normalizeReturning } from '../database/normalize-returning';
import type { MainTransactionHost } from '../database/transactions';
import type { AutoLinkContext, StudentLinkProvider } from '../users';
import { StudentLinker } from '../users/student-linker';

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
    @InjectTransactionHost() private readonly txHost: MainTransactionHost,
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
    const manager = this.txHost.tx;
    // A savepoint, so that losing a race on the unique user_id leaves the caller's
    // transaction usable.
    await manager.query('SAVEPOINT student_auto_link');
    let result: unknown;
    try {
      result = await manager.query(
        `UPDATE student_profiles SET user_id = $1, updated_at = now()
          WHERE id = (SELECT id FROM student_profiles
                       WHERE lower(email) = lower($2) AND user_id IS NULL AND auto_link
                       ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            AND NOT EXISTS (SELECT 1 FROM student_profiles WHERE user_id = $1)
          RETURNING student_id`,
        [user.id, user.email],
      );
      await manager.query('RELEASE SAVEPOINT student_auto_link');
    } catch (error: unknown) {
      // A concurrent link of the same user (unique user_id) is harmless: the other one won.
      if ((error as { code?: string }).code !== '23505') throw error;
      await manager.query('ROLLBACK TO SAVEPOINT student_auto_link');
      return null;
    }
    const studentId = normalizeReturning<{ student_id: string }>(result)[0]?.student_id ?? null;
    if (studentId !== null) {
      await this.audit.record(
        {
          actor: context.actor,
          action: 'student.user_linked',
          target_type: 'student',
          target_id: studentId,
          details: { user_id: user.id, automatic: true, trigger: context.trigger },
        },
        manager,
      );
    }
    return studentId;
  }

  async studentIdsOf(userIds: string[]): Promise<Map<string, string>> {
    const rows: { user_id: string; student_id: string }[] = await this.txHost.tx.query(
      'SELECT user_id, student_id FROM student_profiles WHERE user_id = ANY($1::uuid[])',
      [userIds],
    );
    return new Map(rows.map((row) => [row.user_id, row.student_id]));
  }
}
