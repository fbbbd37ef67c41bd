import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Role } from '../common/auth/role';
import { Administrator } from './entities/administrator.entity';
import { Teacher } from './entities/teacher.entity';

/** Teachers and administrators have a profile row beside their account. */
@Injectable()
export class RoleProfiles {
  /** Creates the role's profile row when missing (students have none). */
  async ensure(userId: string, role: Role, manager: EntityManager): Promise<void> {
    const entity = role === 'teacher' ? Teacher : role === 'administrator' ? Administrator : null;
    if (!entity) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values({ userId })
      .orIgnore()
      .execute();
  }
}
