import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { Role } from '../common/auth/role';
import { User } from './entities/user.entity';
import type { MainTransactionHost } from '../database/transactions';

/** Reads of accounts that other modules make inside their own transactions. */
@Injectable()
export class AccountLookup {
  constructor(@InjectTransactionHost() private readonly txHost: MainTransactionHost) {}

  /** The account's role, its row share-locked until the current transaction ends; null if none. */
  async lockedRole(userId: string): Promise<Role | null> {
    const user = await this.txHost.tx
      .getRepository(User)
      .createQueryBuilder('u')
      .select(['u.id', 'u.role'])
      .where('u.id = :userId', { userId })
      .setLock('pessimistic_read')
      .getOne();
    return user?.role ?? null;
  }
}
