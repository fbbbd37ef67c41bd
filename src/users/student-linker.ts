import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Links a student account to the student profile that carries the same email
 * (`student_profiles.user_id`), and reads the linked `student_id`s for user responses. Plain
 * queries on the student_profiles table, kept here so accounts do not depend on the students
 * module's services. A profile already linked to someone is never taken over.
 */
@Injectable()
export class StudentLinker {
  private readonly logger = new Logger(StudentLinker.name);

  constructor(private readonly dataSource: DataSource) {}

  /** Links the oldest unlinked profile with this email; returns its student_id, or null. */
  async linkByEmail(
    user: { id: string; email: string; role: string },
    manager?: EntityManager,
  ): Promise<string | null> {
    if (user.role !== 'student') return null;
    const runner = manager ?? this.dataSource.manager;
    try {
      const rows: { student_id: string }[] = await runner.query(
        `UPDATE student_profiles SET user_id = $1, updated_at = now()
          WHERE id = (SELECT id FROM student_profiles
                       WHERE lower(email) = lower($2) AND user_id IS NULL
                       ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            AND NOT EXISTS (SELECT 1 FROM student_profiles WHERE user_id = $1)
          RETURNING student_id`,
        [user.id, user.email],
      );
      return rows[0]?.student_id ?? null;
    } catch (error: unknown) {
      // A concurrent link of the same user (unique user_id) is harmless: the other one won.
      if ((error as { code?: string }).code === '23505') return null;
      throw error;
    }
  }

  /** Links when the account is a student without a linked profile yet; never fails the caller. */
  async linkIfUnlinked(user: { id: string; email: string; role: string }): Promise<void> {
    if (user.role !== 'student') return;
    try {
      await this.linkByEmail(user);
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
