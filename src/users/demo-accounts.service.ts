import { Injectable, Logger } from '@nestjs/common';
import type { Role } from '../common/auth/role';
import { AccountCreationService } from './account-creation.service';
import { DEMO_USERS } from './demo-users';
import type { User } from './entities/user.entity';
import { normalizeEmail } from './normalize-email';
import { StudentLinker } from './student-linker';
import { EmailTakenError } from './users.errors';
import { UsersRepository } from './users.repository';

export interface DemoUserResult {
  email: string;
  role: Role;
  id: string;
  created: boolean;
}

/** The demo accounts of the original system (DEMO_USERS). */
@Injectable()
export class DemoAccountsService {
  private readonly logger = new Logger(DemoAccountsService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly creation: AccountCreationService,
    private readonly studentLinker: StudentLinker,
  ) {}

  /**
   * Creates the demo accounts that do not exist yet (all verified, with their teacher and
   * administrator profile rows); existing accounts are left exactly as they are. Whether to call
   * this at all is the caller's decision (SEED_DEMO); it never runs by itself.
   */
  async ensure(): Promise<DemoUserResult[]> {
    const results: DemoUserResult[] = [];
    for (const demo of DEMO_USERS) {
      const existing = await this.find(demo.email);
      const result = existing ? await this.keep(existing) : await this.create(demo);
      if (result) results.push(result);
    }
    this.logger.log(
      { created: results.filter((r) => r.created).map((r) => r.email) },
      'Demo users ensured',
    );
    return results;
  }

  private find(email: string): Promise<User | null> {
    return this.users.findByEmail(normalizeEmail(email));
  }

  /** An existing demo account keeps everything; only a missing profile row or link is added. */
  private async keep(existing: User): Promise<DemoUserResult> {
    await this.users.ensureRoleProfile(existing.id, existing.role);
    await this.studentLinker.linkIfUnlinked(existing, { trigger: 'demo_accounts', actor: null });
    return { email: existing.email, role: existing.role, id: existing.id, created: false };
  }

  private async create(demo: (typeof DEMO_USERS)[number]): Promise<DemoUserResult | null> {
    try {
      const { user } = await this.creation.create(
        { ...demo, emailVerified: true },
        { auditAction: 'user.seeded', enforcePasswordPolicy: false },
      );
      return { email: user.email, role: user.role, id: user.id, created: true };
    } catch (error: unknown) {
      if (!(error instanceof EmailTakenError)) throw error;
      // Created concurrently by another instance: fine, it exists now.
      const user = await this.find(demo.email);
      return user ? { email: user.email, role: user.role, id: user.id, created: false } : null;
    }
  }
}
