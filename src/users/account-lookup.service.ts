import { Injectable } from '@nestjs/common';
import type { Role } from '../common/auth/role';
import { UsersRepository } from './users.repository';

/** Reads of accounts that other modules make inside their own transactions. */
@Injectable()
export class AccountLookup {
  constructor(private readonly users: UsersRepository) {}

  /** The account's role, its row share-locked until the current transaction ends; null if none. */
  lockedRole(userId: string): Promise<Role | null> {
    return this.users.lockedRole(userId);
  }
}
