import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { User } from './entities/user.entity';

/** A student's account, for the privacy export and erasure of their profile. */
@Injectable()
export class UsersPrivacyService {
  find(userId: string, manager: EntityManager): Promise<User | null> {
    return manager.findOneBy(User, { id: userId });
  }

  /** Deactivates and anonymises the account: no name, no reachable email, no usable password. */
  async anonymise(userId: string, manager: EntityManager): Promise<void> {
    await manager.update(
      User,
      { id: userId },
      {
        email: `erased-${userId}@erased.invalid`,
        firstName: 'Erased',
        lastName: 'User',
        // Not a hash of anything: no password can ever match it.
        passwordHash: `!erased:${randomBytes(16).toString('hex')}`,
        isActive: false,
        emailVerified: false,
        emailVerifiedAt: null,
        lastLoginAt: null,
      },
    );
  }
}
