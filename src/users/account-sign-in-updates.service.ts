import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { MainTransactionHost } from '../database/transactions';
import { User } from './entities/user.entity';
import { StudentLinker } from './student-linker';
import type { UserWithStudent } from './user-with-student';

/**
 * The account updates the auth module's flows make: a verified email, a new password hash, a
 * successful login (and the student link it may bring).
 */
@Injectable()
export class AccountSignInUpdatesService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly studentLinker: StudentLinker,
    @InjectTransactionHost() private readonly txHost: MainTransactionHost,
  ) {}

  /**
   * Marks the email verified (idempotent) and links a student profile, in the current
   * transaction; returns the user.
   */
  async markEmailVerified(userId: string): Promise<UserWithStudent> {
    const manager = this.txHost.tx;
    await manager.query(
      `UPDATE users SET email_verified = true,
              email_verified_at = COALESCE(email_verified_at, now()), updated_at = now()
        WHERE id = $1`,
      [userId],
    );
    const user = await manager.getRepository(User).findOneByOrFail({ id: userId });
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
    await this.txHost.tx.query(
      `UPDATE users SET password_hash = $2, password_changed_at = now(), updated_at = now(),
              email_verified = email_verified OR $3,
              email_verified_at = CASE WHEN $3 THEN COALESCE(email_verified_at, now())
                                       ELSE email_verified_at END
        WHERE id = $1`,
      [userId, passwordHash, options.markEmailVerified === true],
    );
  }

  /** After a successful login: the time, and the upgraded hash when the parameters were old. */
  async recordLogin(userId: string, upgradedHash?: string): Promise<void> {
    if (upgradedHash) {
      await this.users.update(
        { id: userId },
        { lastLoginAt: new Date(), passwordHash: upgradedHash },
      );
    } else {
      await this.users.update({ id: userId }, { lastLoginAt: new Date() });
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
