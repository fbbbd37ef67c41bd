import { Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditRequestContext } from '../audit/audit-context';
import type { AuditActor } from '../audit/audit-entry';
import { AuditService } from '../audit/audit.service';
import { normalizeReturning } from '../database/normalize-returning';

/** What made the automatic link happen (it is in the audit entry). */
export type AutoLinkTrigger = 'account_created' | 'email_verified' | 'login' | 'demo_accounts';

export interface AutoLinkContext {
  trigger: AutoLinkTrigger;
  /** Who caused it: the student at verification and login, the creator of the account, or none. */
  actor: AuditActor | null;
  request?: Request | AuditRequestContext;
}

/**
 * Links a student account to the student profile that carries the same email
 * (`student_profiles.user_id`), and reads the linked `student_id`s for user responses. Plain
 * queries on the student_profiles table, kept here so accounts do not depend on the students
 * module's services. A profile already linked to someone is never taken over, and a profile an
 * administrator unlinked (`auto_link` false) is left to administrators. Every link made here is
 * audited (`student.user_linked`, `automatic: true`) in the same transaction.
 */
@Injectable()
export class StudentLinker {
  private readonly logger = new Logger(StudentLinker.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Links the oldest unlinked profile with this email that allows automatic linking; returns
   * its student_id, or null. Runs in the caller's transaction when given one, else in its own.
   */
  async linkByEmail(
    user: { id: string; email: string; role: string },
    context: AutoLinkContext,
    manager?: EntityManager,
  ): Promise<string | null> {
    if (user.role !== 'student') return null;
    if (!manager) {
      return this.dataSource.transaction((own) => this.linkByEmail(user, context, own));
    }
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
          request: context.request,
        },
        manager,
      );
    }
    return studentId;
  }

  /** Links when the account is a student without a linked profile yet; never fails the caller. */
  async linkIfUnlinked(
    user: { id: string; email: string; role: string },
    context: AutoLinkContext,
  ): Promise<void> {
    if (user.role !== 'student') return;
    try {
      await this.linkByEmail(user, context);
    } catch (error: unknown) {
      this.logger.warn({ err: error, user_id: user.id }, 'Could not link a student profile');
    }
  }

  async studentIdOf(userId: string, manager?: EntityManager): Promise<string | null> {
    return (await this.studentIdsOf([userId], manager)).get(userId) ?? null;
  }

  async studentIdsOf(userIds: string[], manager?: EntityManager): Promise<Map<string, string>> {
    const map = new Map<string, string>();
    if (userIds.length === 0) return map;
    const runner = manager ?? this.dataSource.manager;
    const rows: { user_id: string; student_id: string }[] = await runner.query(
      'SELECT user_id, student_id FROM student_profiles WHERE user_id = ANY($1::uuid[])',
      [userIds],
    );
    for (const row of rows) map.set(row.user_id, row.student_id);
    return map;
  }
}
