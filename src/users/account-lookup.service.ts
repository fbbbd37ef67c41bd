import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Role } from '../common/auth/role';
import { User } from './entities/user.entity';

/** Reads of accounts that other modules make inside their own transactions. */
@Injectable()
export class AccountLookup {
  /** The account's role, its row share-locked until `manager`'s transaction ends; null if none. */
  async lockedRole(userId: string, manager: EntityManager): Promise<Role | null> {
    const user = await manager
      .getRepository(User)
      .createQueryBuilder('u')
      .select(['u.id', 'u.role'])
      .where('u.id = :userId', { userId })
      .setLock('pessimistic_read')
      .getOne();
    return user?.role ?? null;
  }
}
