import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { AuditActor } from '../audit/audit-entry';
import { AuditService } from '../audit/audit.service';
import type { Role } from '../common/auth/role';
import type { User } from './entities/user.entity';
import { normalizeEmail } from './normalize-email';
import { StudentLinker } from './student-linker';
import type { UserWithStudent } from './user-with-student';
import { UsersCredentials } from './users-credentials.service';
import { EmailTakenError } from './users.errors';
import { UsersRepository } from './users.repository';

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
  /** Audit action; `user.created` by default. */
  auditAction?: string;
  /** false only for the demo seeder: its well-known passwords are on the common list. */
  enforcePasswordPolicy?: boolean;
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && driverError.constraint === constraint;
}

/**
 * Creates accounts (registration, administrators, the demo accounts), each in one transaction
 * with its role profile row, its verification mail or student link, and its audit entry.
 */
@Injectable()
export class AccountCreationService {
  constructor(
    private readonly users: UsersRepository,
    private readonly credentials: UsersCredentials,
    private readonly audit: AuditService,
    private readonly studentLinker: StudentLinker,
  ) {}

  /**
   * Creates an account. Unverified accounts get a verification email (queued in the same
   * transaction); verified students are linked to a student profile with their email.
   */
  async create(input: NewUser, options: CreateUserOptions = {}): Promise<UserWithStudent> {
    const email = normalizeEmail(input.email);
    const credentials = this.credentials.credentials;
    if (options.enforcePasswordPolicy !== false)
      credentials.assertAcceptable(input.password, email);
    const passwordHash = await credentials.hash(input.password);
    return this.insertAndWelcome({ ...input, email }, passwordHash, options).catch(
      (error: unknown) => {
        if (isUniqueViolation(error, 'users_email_key')) throw new EmailTakenError();
        throw error;
      },
    );
  }

  @Transactional()
  private async insertAndWelcome(
    input: NewUser,
    passwordHash: string,
    options: CreateUserOptions,
  ): Promise<UserWithStudent> {
    const user = await this.insert(input, passwordHash);
    const studentId = await this.welcome(user, options);
    await this.audit.record({
      actor: options.actor ?? null,
      action: options.auditAction ?? 'user.created',
      target_type: 'user',
      target_id: user.id,
      details: { role: user.role, email_verified: user.emailVerified },
    });
    return { user, studentId };
  }

  /** Inserts the account and its role profile row; returns the stored account. */
  private async insert(input: NewUser, passwordHash: string): Promise<User> {
    const saved = await this.users.insert({
      email: input.email,
      passwordHash,
      firstName: input.firstName,
      lastName: input.lastName,
      role: input.role,
      emailVerified: input.emailVerified,
      emailVerifiedAt: input.emailVerified ? new Date() : null,
      isActive: true,
    });
    await this.users.ensureRoleProfile(saved.id, saved.role);
    return saved;
  }

  /**
   * A verified account is linked to its student profile (returns the student_id); an
   * unverified one gets its verification mail.
   */
  private async welcome(user: User, options: CreateUserOptions): Promise<string | null> {
    if (!user.emailVerified) {
      await this.credentials.credentials.requestVerification(user);
      return null;
    }
    return this.studentLinker.linkByEmail(user, {
      trigger: 'account_created',
      actor: options.actor ?? null,
    });
  }
}
