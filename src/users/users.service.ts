import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource, EntityManager, QueryFailedError, Repository } from 'typeorm';
import type { AuditRequestContext } from '../audit/audit-context';
import type { AuditActor } from '../audit/audit-entry';
import { AuditService } from '../audit/audit.service';
import type { Role } from '../common/auth/role';
import type { Precondition } from '../common/http/precondition';
import { Page, toPage } from '../common/pagination/page';
import { parseSort } from '../common/pagination/parse-sort';
import { DEMO_USERS } from './demo-users';
import { ListUsersQueryDto, USER_SORT_FIELDS } from './dto/list-users-query.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UpdateUserPreferencesDto } from './dto/update-user-preferences.dto';
import { Administrator } from './entities/administrator.entity';
import { Teacher } from './entities/teacher.entity';
import { User } from './entities/user.entity';
import { StudentLinker } from './student-linker';
import { UsersCredentials } from './users-credentials.service';
import { EmailTakenError, LastAdministratorError, UserNotFoundError } from './users.errors';

export interface NewUser {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  role: Role;
  emailVerified: boolean;
}

export interface CreateUserOptions {
  /** Who creates the account (null: the person registering themselves, or the seeder). */
  actor?: AuditActor | null;
  request?: Request | AuditRequestContext | null;
  /** Audit action; `user.created` by default. */
  auditAction?: string;
  /** false only for the demo seeder: its well-known passwords are on the common list. */
  enforcePasswordPolicy?: boolean;
}

/** A user with the student_id of their linked profile (null when none). */
export interface UserWithStudent {
  user: User;
  studentId: string | null;
}

export interface DemoUserResult {
  email: string;
  role: Role;
  id: string;
  created: boolean;
}

const SORT_COLUMNS: Record<(typeof USER_SORT_FIELDS)[number], string> = {
  created_at: 'u.createdAt',
  email: 'u.email',
  first_name: 'u.firstName',
  last_name: 'u.lastName',
  role: 'u.role',
};

/** Advisory lock key taken by transactions that may change who is an active administrator. */
const ADMIN_CHANGES_LOCK = 7_349_001;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && driverError.constraint === constraint;
}

/**
 * Accounts: creation (registration, administrators, demo seeding), the administrators' list and
 * edits, and the few account updates the auth flows need. Role changes and deactivation end
 * the user's sessions in the same transaction.
 */
@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly dataSource: DataSource,
    private readonly credentials: UsersCredentials,
    private readonly audit: AuditService,
    private readonly studentLinker: StudentLinker,
  ) {}

  findByEmail(email: string, manager?: EntityManager): Promise<User | null> {
    return (manager ? manager.getRepository(User) : this.users).findOneBy({
      email: normalizeEmail(email),
    });
  }

  findById(id: string, manager?: EntityManager): Promise<User | null> {
    return (manager ? manager.getRepository(User) : this.users).findOneBy({ id });
  }

  async getById(id: string): Promise<UserWithStudent> {
    const user = await this.findById(id);
    if (!user) throw new UserNotFoundError();
    return { user, studentId: await this.studentLinker.studentIdOf(user.id) };
  }

  studentIdOf(userId: string): Promise<string | null> {
    return this.studentLinker.studentIdOf(userId);
  }

  /**
   * Creates an account. Unverified accounts get a verification email (queued in the same
   * transaction);
   * verified students are linked to a student profile with their email.
   */
  async createUser(input: NewUser, options: CreateUserOptions = {}): Promise<UserWithStudent> {
    const email = normalizeEmail(input.email);
    const credentials = this.credentials.credentials;
    if (options.enforcePasswordPolicy !== false)
      credentials.assertAcceptable(input.password, email);
    const passwordHash = await credentials.hash(input.password);
    const created = await this.dataSource
      .transaction(async (manager) => {
        const user = manager.getRepository(User).create({
          email,
          passwordHash,
          firstName: input.firstName,
          lastName: input.lastName,
          role: input.role,
          emailVerified: input.emailVerified,
          emailVerifiedAt: input.emailVerified ? new Date() : null,
          isActive: true,
        });
        await manager.getRepository(User).insert(user);
        const saved = await manager.getRepository(User).findOneByOrFail({ id: user.id });
        await this.ensureRoleProfile(saved.id, saved.role, manager);
        let studentId: string | null = null;
        if (saved.emailVerified) {
          studentId = await this.studentLinker.linkByEmail(
            saved,
            {
              trigger: 'account_created',
              actor: options.actor ?? null,
              request: options.request ?? undefined,
            },
            manager,
          );
        } else {
          await credentials.requestVerification(saved, manager);
        }
        await this.audit.record(
          {
            actor: options.actor ?? null,
            action: options.auditAction ?? 'user.created',
            target_type: 'user',
            target_id: saved.id,
            details: { role: saved.role, email_verified: saved.emailVerified },
            request: options.request,
          },
          manager,
        );
        return { user: saved, studentId };
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'users_email_key')) throw new EmailTakenError();
        throw error;
      });
    return created;
  }

  async list(query: ListUsersQueryDto): Promise<Page<UserWithStudent>> {
    const orders = parseSort(query.sort, USER_SORT_FIELDS, [
      { field: 'created_at', direction: 'DESC' },
    ]);
    const qb = this.users.createQueryBuilder('u');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.is_active !== undefined) {
      qb.andWhere('u.is_active = :active', { active: query.is_active });
    }
    const search = query.search?.trim();
    if (search) {
      const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(
        "(u.email ILIKE :pattern OR u.first_name ILIKE :pattern OR u.last_name ILIKE :pattern OR (u.first_name || ' ' || u.last_name) ILIKE :pattern)",
        { pattern },
      );
    }
    for (const order of orders) {
      qb.addOrderBy(SORT_COLUMNS[order.field as keyof typeof SORT_COLUMNS], order.direction);
    }
    qb.addOrderBy('u.id', 'ASC')
      .skip((query.page - 1) * query.per_page)
      .take(query.per_page);
    const [users, total] = await qb.getManyAndCount();
    const studentIds = await this.studentLinker.studentIdsOf(users.map((u) => u.id));
    return toPage(
      users.map((user) => ({ user, studentId: studentIds.get(user.id) ?? null })),
      total,
      query.page,
      query.per_page,
    );
  }

  /**
   * An administrator's edit. Changing the role or deactivating ends every session of the user
   * at once; the last active administrator can be neither demoted nor deactivated.
   * `precondition` (If-Match) is checked on the account as locked for the write.
   */
  async update(
    id: string,
    changes: UpdateUserDto,
    actor: AuditActor,
    request?: Request | AuditRequestContext,
    precondition?: Precondition<UserWithStudent>,
  ): Promise<UserWithStudent> {
    // The account's student link, when If-Match needs it: an edit never changes the link, so the
    // answer reuses it instead of asking the students module again.
    let linkedStudentId: string | null | undefined;
    const user = await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(User);
      if (changes.role !== undefined || changes.is_active === false) {
        // Role changes and deactivations are serialised, so that two administrators demoting
        // each other at the same moment cannot leave the system without one.
        await manager.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_CHANGES_LOCK]);
      }
      const current = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw new UserNotFoundError();
      if (precondition) {
        linkedStudentId = await this.studentIdOf(id);
        precondition({ user: current, studentId: linkedStudentId });
      }
      const before = { role: current.role, isActive: current.isActive };
      const roleChanges = changes.role !== undefined && changes.role !== current.role;
      const deactivates = changes.is_active === false && current.isActive;
      const reactivates = changes.is_active === true && !current.isActive;
      if (current.role === 'administrator' && current.isActive && (roleChanges || deactivates)) {
        await this.assertNotLastAdministrator(current.id, manager);
      }
      const renamed: string[] = [];
      if (changes.first_name !== undefined && changes.first_name !== current.firstName) {
        current.firstName = changes.first_name;
        renamed.push('first_name');
      }
      if (changes.last_name !== undefined && changes.last_name !== current.lastName) {
        current.lastName = changes.last_name;
        renamed.push('last_name');
      }
      if (roleChanges && changes.role) current.role = changes.role;
      if (deactivates) current.isActive = false;
      if (reactivates) current.isActive = true;
      if (renamed.length === 0 && !roleChanges && !deactivates && !reactivates) return current;
      await repo.save(current);

      const target = { target_type: 'user', target_id: current.id, request } as const;
      if (roleChanges) {
        await this.ensureRoleProfile(current.id, current.role, manager);
        const ended = await this.credentials.credentials.endSessions(
          current.id,
          'role_changed',
          manager,
        );
        await this.audit.record(
          {
            actor,
            action: 'user.role_changed',
            ...target,
            details: { from: before.role, to: current.role, sessions_ended: ended },
          },
          manager,
        );
      }
      if (deactivates) {
        const ended = await this.credentials.credentials.endSessions(
          current.id,
          'deactivated',
          manager,
        );
        await this.audit.record(
          { actor, action: 'user.deactivated', ...target, details: { sessions_ended: ended } },
          manager,
        );
      }
      if (reactivates) {
        await this.audit.record({ actor, action: 'user.reactivated', ...target }, manager);
      }
      if (renamed.length > 0) {
        await this.audit.record(
          { actor, action: 'user.updated', ...target, details: { fields: renamed } },
          manager,
        );
      }
      return current;
    });
    return {
      user,
      studentId: linkedStudentId !== undefined ? linkedStudentId : await this.studentIdOf(user.id),
    };
  }

  /** Deactivates (never deletes) the account and ends its sessions. Idempotent. */
  async deactivate(
    id: string,
    actor: AuditActor,
    request?: Request | AuditRequestContext,
    precondition?: Precondition<UserWithStudent>,
  ): Promise<void> {
    await this.update(id, { is_active: false }, actor, request, precondition);
  }

  /**
   * The caller's own settings; audited when something changes. `precondition` (If-Match) is
   * checked on the account as locked for the write.
   */
  async updatePreferences(
    caller: AuditActor,
    changes: UpdateUserPreferencesDto,
    request?: Request | AuditRequestContext,
    precondition?: Precondition<User>,
  ): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(User);
      const user = await repo.findOne({
        where: { id: caller.id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!user) throw new UserNotFoundError();
      precondition?.(user);
      if (
        changes.alert_emails === undefined ||
        changes.alert_emails === user.alertEmailPreference
      ) {
        return user;
      }
      const from = user.alertEmailPreference;
      await repo.update({ id: user.id }, { alertEmailPreference: changes.alert_emails });
      await this.audit.record(
        {
          actor: caller,
          action: 'user.preferences_changed',
          target_type: 'user',
          target_id: user.id,
          details: { alert_emails: { from, to: changes.alert_emails } },
          request,
        },
        manager,
      );
      return repo.findOneByOrFail({ id: user.id });
    });
  }

  /** Marks the email verified (idempotent) and links a student profile; returns the user. */
  async markEmailVerified(
    userId: string,
    manager: EntityManager,
    request?: Request | AuditRequestContext,
  ): Promise<UserWithStudent> {
    await manager.query(
      `UPDATE users SET email_verified = true,
              email_verified_at = COALESCE(email_verified_at, now()), updated_at = now()
        WHERE id = $1`,
      [userId],
    );
    const user = await manager.getRepository(User).findOneByOrFail({ id: userId });
    await this.studentLinker.linkByEmail(
      user,
      { trigger: 'email_verified', actor: { id: user.id, role: user.role }, request },
      manager,
    );
    return { user, studentId: await this.studentLinker.studentIdOf(user.id, manager) };
  }

  /** Stores a new password hash (the caller ends sessions as its flow requires). */
  async setPasswordHash(
    userId: string,
    passwordHash: string,
    manager: EntityManager,
    options: { markEmailVerified?: boolean } = {},
  ): Promise<void> {
    await manager.query(
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
  linkStudentProfile(user: User, request?: Request | AuditRequestContext): Promise<void> {
    return this.studentLinker.linkIfUnlinked(user, {
      trigger: 'login',
      actor: { id: user.id, role: user.role },
      request,
    });
  }

  /**
   * Creates the demo accounts that do not exist yet (all verified, with their teacher and
   * administrator profile rows); existing accounts are left exactly as they are. Whether to call
   * this at all is the caller's decision (SEED_DEMO); it never runs by itself.
   */
  async ensureDemoUsers(): Promise<DemoUserResult[]> {
    const results: DemoUserResult[] = [];
    for (const demo of DEMO_USERS) {
      const existing = await this.findByEmail(demo.email);
      if (existing) {
        await this.ensureRoleProfile(existing.id, existing.role, this.dataSource.manager);
        await this.studentLinker.linkIfUnlinked(existing, {
          trigger: 'demo_accounts',
          actor: null,
        });
        results.push({
          email: existing.email,
          role: existing.role,
          id: existing.id,
          created: false,
        });
        continue;
      }
      try {
        const { user } = await this.createUser(
          { ...demo, emailVerified: true },
          { auditAction: 'user.seeded', enforcePasswordPolicy: false },
        );
        results.push({ email: user.email, role: user.role, id: user.id, created: true });
      } catch (error: unknown) {
        if (!(error instanceof EmailTakenError)) throw error;
        // Created concurrently by another instance: fine, it exists now.
        const user = await this.findByEmail(demo.email);
        if (user) results.push({ email: user.email, role: user.role, id: user.id, created: false });
      }
    }
    this.logger.log(
      { created: results.filter((r) => r.created).map((r) => r.email) },
      'Demo users ensured',
    );
    return results;
  }

  /** Teachers and administrators have a profile row; created when missing. */
  private async ensureRoleProfile(userId: string, role: Role, manager: EntityManager) {
    if (role === 'teacher') {
      await manager
        .createQueryBuilder()
        .insert()
        .into(Teacher)
        .values({ userId })
        .orIgnore()
        .execute();
    } else if (role === 'administrator') {
      await manager
        .createQueryBuilder()
        .insert()
        .into(Administrator)
        .values({ userId })
        .orIgnore()
        .execute();
    }
  }

  private async assertNotLastAdministrator(userId: string, manager: EntityManager) {
    const others: { id: string }[] = await manager.query(
      `SELECT id FROM users WHERE role = 'administrator' AND is_active AND id <> $1 LIMIT 1`,
      [userId],
    );
    if (others.length === 0) throw new LastAdministratorError();
  }
}
