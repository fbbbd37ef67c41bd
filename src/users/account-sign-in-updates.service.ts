import { Injectable } from '@nestjs/common';
import type { User } from './entities/user.entity';
import { StudentLinker } from './student-linker';
import type { UserWithStudent } from './user-with-student';
import { UsersRepository } from './users.repository';

/**
 * The account updates the auth module's flows make: a verified email, a new password hash, a
 * successful login (and the student link it may bring).
 */
@Injectable()
export class AccountSignInUpdatesService {
  constructor(
    private readonly users: UsersRepository,
    private readonly studentLinker: StudentLinker,
  ) {}

  /**
   * Marks the email verified (idempotent) and links a student profile, in the current
   * transaction; returns the user.
   */
  async markEmailVerified(userId: string): Promise<UserWithStudent> {
    await this.users.markEmailVerified(userId);
    const user = await this.users.getById(userId);
    await this.studentLinker.linkByEmail(user, {
      trigger: 'email_verified',
      actor: { id: user.id, role: user.role },
    });
    return { user, studentId: await this.studentLinker.studentIdOf(user.id) };
  }

  /**
   * Stores a new password hash in the current transaction (the caller ends sessions as its
   * flow requires).
   */
  async setPasswordHash(
    userId: string,
    passwordHash: string,
    options: { markEmailVerified?: boolean } = {},
  ): Promise<void> {
    await this.users.setPasswordHash(userId, passwordHash, options.markEmailVerified === true);
  }

  /** After a successful login: the time, and the upgraded hash when the parameters were old. */
  async recordLogin(userId: string, upgradedHash?: string): Promise<void> {
    if (upgradedHash) {
      await this.users.update(userId, { lastLoginAt: new Date(), passwordHash: upgradedHash });
    } else {
      await this.users.update(userId, { lastLoginAt: new Date() });
    }
  }

  /**
   * At login: links a student to the profile with their email if none is linked yet (e.g. the
   * profile was created after the account), unless an administrator unlinked that profile.
   */
  linkStudentProfile(user: User): Promise<void> {
    return this.studentLinker.linkIfUnlinked(user, {
      trigger: 'login',
      actor: { id: user.id, role: user.role },
    });
  }
}
