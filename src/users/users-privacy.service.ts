import { randomBytes } from 'node:crypto';
import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { User } from './entities/user.entity';
import type { MainTransactionHost } from '../database/transactions';

/** A student's account, for the privacy export and erasure of their profile (in the current transaction). */
@Injectable()
export class UsersPrivacyService {
  constructor(@InjectTransactionHost() private readonly txHost: MainTransactionHost) {}

  find(userId: string): Promise<User | null> {
    return this.txHost.tx.findOneBy(User, { id: userId });
  }

  /** Deactivates and anonymises the account: no name, no reachable email, no usable password. */
  async anonymise(userId: string): Promise<void> {
    await this.txHost.tx.update(
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
