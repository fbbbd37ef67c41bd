import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { User } from './entities/user.entity';
import { UsersRepository } from './users.repository';

/** A student's account, for the privacy export and erasure of their profile (in the current transaction). */
@Injectable()
export class UsersPrivacyService {
  constructor(private readonly users: UsersRepository) {}

  find(userId: string): Promise<User | null> {
    return this.users.findById(userId);
  }

  /** Deactivates and anonymises the account: no name, no reachable email, no usable password. */
  async anonymise(userId: string): Promise<void> {
    await this.users.update(userId, {
      email: `erased-${userId}@erased.invalid`,
      firstName: 'Erased',
      lastName: 'User',
      // Not a hash of anything: no password can ever match it.
      passwordHash: `!erased:${randomBytes(16).toString('hex')}`,
      isActive: false,
      emailVerified: false,
      emailVerifiedAt: null,
      lastLoginAt: null,
    });
  }
}
