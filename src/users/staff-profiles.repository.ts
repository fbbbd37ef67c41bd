import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { escapeLike } from '../common/sql/escape-like';
import { SqlParams } from '../common/sql/sql-params';
import type { MainTransactionHost } from '../database/transactions';

export type StaffRole = 'teacher' | 'administrator';

/** A staff profile with its account's names, as the profile routes answer it. */
export interface StaffRow {
  user_id: string;
  email: string;
  first_name: string;
  last_name: string;
  role: StaffRole;
  department: string | null;
  specialization: string | null;
  employee_number: string | null;
  position: string | null;
  updated_at: Date;
}

/** Which profile table and fields belong to each staff role. */
export const STAFF_PROFILE = {
  teacher: { table: 'teachers', fields: ['department', 'specialization', 'employee_number'] },
  administrator: { table: 'administrators', fields: ['department', 'position'] },
} as const;

/** The profiles of active accounts of the role; `$1` is the role. */
const SELECT = (role: StaffRole) => `
  SELECT u.id AS user_id, u.email, u.first_name, u.last_name, u.role,
         p.department,
         ${role === 'teacher' ? 'p.specialization, p.employee_number, NULL::varchar AS position' : 'NULL::varchar AS specialization, NULL::varchar AS employee_number, p.position'},
         p.updated_at
    FROM ${STAFF_PROFILE[role].table} p
    JOIN users u ON u.id = p.user_id
   WHERE u.role = $1 AND u.is_active`;

/**
 * The staff profile rows (`teachers`, `administrators`) read with their accounts and changed,
 * in the current transaction if any.
 */
@Injectable()
export class StaffProfilesRepository {
  constructor(@InjectTransactionHost() private readonly txHost: MainTransactionHost) {}

  /** One page of the role's profiles by name, and how many match. */
  async page(
    role: StaffRole,
    query: { search?: string; limit: number; offset: number },
  ): Promise<{ rows: StaffRow[]; total: number }> {
    const params = new SqlParams();
    params.add(role);
    let where = '';
    if (query.search) {
      const pattern = params.add(`%${escapeLike(query.search)}%`);
      where = ` AND (u.email ILIKE ${pattern} OR u.first_name ILIKE ${pattern} OR u.last_name ILIKE ${pattern} OR p.department ILIKE ${pattern})`;
    }
    const filterValues = [...params.values];
    const rows: (StaffRow & { total: string })[] = await this.txHost.tx.query(
      `SELECT *, count(*) OVER () AS total FROM (${SELECT(role)}${where}) s
        ORDER BY last_name, first_name, user_id
        LIMIT ${params.add(query.limit)} OFFSET ${params.add(query.offset)}`,
      params.values,
    );
    const total =
      rows.length > 0 ? Number(rows[0].total) : await this.count(role, where, filterValues);
    return { rows: rows.map(({ total: _total, ...row }) => row), total };
  }

  /** The profile of the user, if `anyone` or the user is `callerId`. */
  async find(
    role: StaffRole,
    userId: string,
    visibleTo: { anyone: boolean; callerId: string },
  ): Promise<StaffRow | undefined> {
    const rows: StaffRow[] = await this.txHost.tx.query(
      `${SELECT(role)} AND u.id = $2 AND ($3 OR u.id = $4)`,
      [role, userId, visibleTo.anyone, visibleTo.callerId],
    );
    return rows[0];
  }

  /** Sets the given fields (each one of the role's STAFF_PROFILE fields) and updated_at. */
  async update(
    role: StaffRole,
    userId: string,
    fields: [string, string | null | undefined][],
  ): Promise<void> {
    const allowed: readonly string[] = STAFF_PROFILE[role].fields;
    if (fields.some(([field]) => !allowed.includes(field))) {
      throw new Error(`Not a field of a ${role} profile`);
    }
    const params = new SqlParams();
    params.add(userId);
    const sets = fields.map(([field, value]) => `"${field}" = ${params.add(value)}`).join(', ');
    await this.txHost.tx.query(
      `UPDATE ${STAFF_PROFILE[role].table} SET ${sets}, updated_at = now() WHERE user_id = $1`,
      params.values,
    );
  }

  private async count(role: StaffRole, where: string, values: unknown[]): Promise<number> {
    const rows: { total: string }[] = await this.txHost.tx.query(
      `SELECT count(*) AS total FROM (${SELECT(role)}${where}) s`,
      values,
    );
    return Number(rows[0].total);
  }
}
