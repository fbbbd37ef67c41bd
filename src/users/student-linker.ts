import { Propagation, Transactional } from '@nestjs-cls/transactional';
import { Injectable, Logger } from '@nestjs/common';
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

  register(provider: StudentLinkProvider): void {
    this.provider = provider;
  }

  /**
   * Links the oldest unlinked profile with this email that allows automatic linking; returns
   * its student_id, or null. Runs in the caller's transaction, or in its own outside one.
   */
  @Transactional()
  async linkByEmail(
    user: { id: string; email: string; role: string },
    context: AutoLinkContext,
  ): Promise<string | null> {
    const provider = this.provider;
    if (user.role !== 'student' || !provider) return null;
    return provider.linkByEmail(user, context);
  }

  /**
   * Links when the account is a student without a linked profile yet; never fails the caller,
   * so it runs in a transaction of its own.
   */
  @Transactional(Propagation.RequiresNew)
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

  /** Read in the current transaction, if any. */
  async studentIdOf(userId: string): Promise<string | null> {
    return (await this.studentIdsOf([userId])).get(userId) ?? null;
  }

  async studentIdsOf(userIds: string[]): Promise<Map<string, string>> {
    if (userIds.length === 0 || !this.provider) return new Map();
    return this.provider.studentIdsOf(userIds);
  }
}
