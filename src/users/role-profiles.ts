import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { Role } from '../common/auth/role';
import { Administrator } from './entities/administrator.entity';
import { Teacher } from './entities/teacher.entity';
import type { MainTransactionHost } from '../database/transactions';

/** Teachers and administrators have a profile row beside their account. */
@Injectable()
export class RoleProfiles {
  constructor(@InjectTransactionHost() private readonly txHost: MainTransactionHost) {}

  /** Creates the role's profile row when missing (students have none), in the current transaction. */
  async ensure(userId: string, role: Role): Promise<void> {
    const entity = role === 'teacher' ? Teacher : role === 'administrator' ? Administrator : null;
    if (!entity) return;
    await this.txHost.tx
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values({ userId })
      .orIgnore()
      .execute();
  }
}
