import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { Role } from '../common/auth/role';
import { escapeLike } from '../common/sql/escape-like';
import { SqlParams } from '../common/sql/sql-params';
import type { MainTransactionHost } from '../database/transactions';
import { User } from './entities/user.entity';

/** The columns of a new account; the rest take their defaults. */
export type NewUserRow = Pick<
  User,
  | 'email'
  | 'passwordHash'
  | 'firstName'
  | 'lastName'
  | 'role'
  | 'emailVerified'
  | 'emailVerifiedAt'
  | 'isActive'
>;

/** The columns an update may change. */
export type UserChanges = Partial<
  Pick<
    User,
    | 'email'
    | 'passwordHash'
    | 'firstName'
    | 'lastName'
    | 'isActive'
    | 'emailVerified'
    | 'emailVerifiedAt'
    | 'lastLoginAt'
    | 'alertEmailPreference'
  >
>;

/** The administrators' list: filters (all optional), order and page. */
export interface UserListQuery {
  role?: Role;
  isActive?: boolean;
  search?: string;
  orders: { column: UserSortColumn; direction: 'ASC' | 'DESC' }[];
  limit: number;
  offset: number;
}

export type UserSortColumn = 'created_at' | 'email' | 'first_name' | 'last_name' | 'role';

/** The profile table of each role that has one (students have none). */
const ROLE_PROFILE_TABLES: Partial<Record<Role, 'teachers' | 'administrators'>> = {
  teacher: 'teachers',
  administrator: 'administrators',
};

function whereOf(query: UserListQuery, params: SqlParams): string {
  const conditions: string[] = [];
  if (query.role) conditions.push(`role = ${params.add(query.role)}`);
  if (query.isActive !== undefined) conditions.push(`is_active = ${params.add(query.isActive)}`);
  if (query.search) {
    const pattern = params.add(`%${escapeLike(query.search)}%`);
    conditions.push(
      `(email ILIKE ${pattern} OR first_name ILIKE ${pattern} OR last_name ILIKE ${pattern}` +
        ` OR (first_name || ' ' || last_name) ILIKE ${pattern})`,
    );
  }
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

/**
 * The users module's only access to `users` and to the role profile rows (`teachers`,
 * `administrators`) beside the accounts, in the current transaction if any.
 */
@Injectable()
export class UsersRepository {
  constructor(@InjectTransactionHost() private readonly txHost: MainTransactionHost) {}

  private get users() {
    return this.txHost.tx.getRepository(User);
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /** `email` as stored: normalised. */
  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email });
  }

  getById(id: string): Promise<User> {
    return this.users.findOneByOrFail({ id });
  }

  /** The account, its row locked for update until the current transaction ends. */
  findForUpdate(id: string): Promise<User | null> {
    return this.users.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The account's role, its row share-locked until the current transaction ends; null if none. */
  async lockedRole(userId: string): Promise<Role | null> {
    const rows: { role: Role }[] = await this.txHost.tx.query(
      'SELECT role FROM users WHERE id = $1 FOR SHARE',
      [userId],
    );
    return rows[0]?.role ?? null;
  }

  /** Inserts the account; returns it as stored. */
  async insert(row: NewUserRow): Promise<User> {
    const user = this.users.create(row);
    await this.users.insert(user);
    return this.users.findOneByOrFail({ id: user.id });
  }

  /** Writes the account's changed columns (and updated_at) back. */
  async save(user: User): Promise<void> {
    await this.users.save(user);
  }

  async update(id: string, changes: UserChanges): Promise<void> {
    await this.users.update({ id }, changes);
  }

  /** Marks the email verified, keeping the first time it was. */
  async markEmailVerified(userId: string): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE users SET email_verified = true,
              email_verified_at = COALESCE(email_verified_at, now()), updated_at = now()
        WHERE id = $1`,
      [userId],
    );
  }

  /** Stores a new password hash, and marks the email verified when asked to. */
  async setPasswordHash(
    userId: string,
    passwordHash: string,
    markEmailVerified: boolean,
  ): Promise<void> {
    await this.txHost.tx.query(
      `UPDATE users SET password_hash = $2, password_changed_at = now(), updated_at = now(),
              email_verified = email_verified OR $3,
              email_verified_at = CASE WHEN $3 THEN COALESCE(email_verified_at, now())
                                       ELSE email_verified_at END
        WHERE id = $1`,
      [userId, passwordHash, markEmailVerified],
    );
  }

  /** Whether an active administrator other than `userId` exists. */
  async anotherActiveAdministrator(userId: string): Promise<boolean> {
    const rows: unknown[] = await this.txHost.tx.query(
      `SELECT 1 FROM users WHERE role = 'administrator' AND is_active AND id <> $1 LIMIT 1`,
      [userId],
    );
    return rows.length > 0;
  }

  /** Waits for, then holds until the current transaction ends, the lock named `key`. */
  async lockUntilCommit(key: number): Promise<void> {
    await this.txHost.tx.query('SELECT pg_advisory_xact_lock($1)', [key]);
  }

  /** One page of the accounts that match, in the query's order, and how many match. */
  async page(query: UserListQuery): Promise<{ users: User[]; total: number }> {
    const params = new SqlParams();
    const where = whereOf(query, params);
    const filterValues = [...params.values];
    const order = [...query.orders.map((o) => `${o.column} ${o.direction}`), 'id ASC'].join(', ');
    const rows: { id: string; total: string }[] = await this.txHost.tx.query(
      `SELECT id, count(*) OVER () AS total FROM users ${where} ORDER BY ${order}
        LIMIT ${params.add(query.limit)} OFFSET ${params.add(query.offset)}`,
      params.values,
    );
    if (rows.length === 0) return { users: [], total: await this.count(where, filterValues) };
    const byId = new Map(
      (await this.users.findBy({ id: In(rows.map((r) => r.id)) })).map((u) => [u.id, u]),
    );
    return {
      users: rows.map((r) => byId.get(r.id)).filter((u): u is User => u !== undefined),
      total: Number(rows[0].total),
    };
  }

  /** Creates the role's profile row when missing (students have none). */
  async ensureRoleProfile(userId: string, role: Role): Promise<void> {
    const table = ROLE_PROFILE_TABLES[role];
    if (!table) return;
    await this.txHost.tx.query(
      `INSERT INTO ${table} (user_id) VALUES ($1) ON CONFLICT DO NOTHING`,
      [userId],
    );
  }

  private async count(where: string, values: unknown[]): Promise<number> {
    const rows: { total: string }[] = await this.txHost.tx.query(
      `SELECT count(*) AS total FROM users ${where}`,
      values,
    );
    return Number(rows[0].total);
  }
}
