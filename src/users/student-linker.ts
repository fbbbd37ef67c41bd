import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AutoLinkContext } from './auto-link-context';
import type { StudentLinkProvider } from './student-link-provider';

/**
 * Links a student account to the student profile that carries the same email, and reads the
 * linked `student_id`s for user responses. The profiles are the students module's: it
 * registers its StudentLinkProvider here at start-up, so accounts do not depend on it. Until
 * one is registered, no account is linked and none has a student_id.
 */
@Injectable()
export class StudentLinker {
  private readonly logger = new Logger(StudentLinker.name);
  private provider: StudentLinkProvider | null = null;

  constructor(private readonly dataSource: DataSource) {}

  register(provider: StudentLinkProvider): void {
    this.provider = provider;
  }

  /**
   * Links the oldest unlinked profile with this email that allows automatic linking; returns
   * its student_id, or null. Runs in the caller's transaction when given one, else in its own.
   */
  async linkByEmail(
    user: { id: string; email: string; role: string },
    context: AutoLinkContext,
    manager?: EntityManager,
  ): Promise<string | null> {
    const provider = this.provider;
    if (user.role !== 'student' || !provider) return null;
    if (!manager) {
      return this.dataSource.transaction((own) => provider.linkByEmail(user, context, own));
    }
    return provider.linkByEmail(user, context, manager);
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
    if (userIds.length === 0 || !this.provider) return new Map();
    return this.provider.studentIdsOf(userIds, manager);
  }
}
