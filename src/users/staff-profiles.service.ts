import { InjectTransactionHost, Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ValidationFailedError } from '../common/errors/validation-failed.error';
import { Page, toPage } from '../common/pagination/page';
import { escapeLike } from '../common/sql/escape-like';
import { AuditService } from '../audit/audit.service';
import type { MainTransactionHost } from '../database/transactions';
import type { StaffProfileResponseDto } from './dto/staff-profile-response.dto';
import type { UpdateStaffProfileDto } from './dto/update-staff-profile.dto';
import { UserNotFoundError } from './users.errors';

export type StaffRole = 'teacher' | 'administrator';

interface StaffRow {
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
  total?: string;
}

/** Which profile table and fields belong to each staff role. */
const PROFILE = {
  teacher: { table: 'teachers', fields: ['department', 'specialization', 'employee_number'] },
  administrator: { table: 'administrators', fields: ['department', 'position'] },
} as const;

const SELECT = (role: StaffRole) => `
  SELECT u.id AS user_id, u.email, u.first_name, u.last_name, u.role,
         p.department,
         ${role === 'teacher' ? 'p.specialization, p.employee_number, NULL::varchar AS position' : 'NULL::varchar AS specialization, NULL::varchar AS employee_number, p.position'},
         p.updated_at
    FROM ${PROFILE[role].table} p
    JOIN users u ON u.id = p.user_id
   WHERE u.role = $1 AND u.is_active`;

function toResponse(row: StaffRow): StaffProfileResponseDto {
  return {
    user_id: row.user_id,
    email: row.email,
    first_name: row.first_name,
    last_name: row.last_name,
    role: row.role,
    department: row.department,
    specialization: row.specialization,
    employee_number: row.employee_number,
    position: row.position,
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

/** Profiles of teachers (department, specialisation) and administrators (department, position). */
@Injectable()
export class StaffProfilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectTransactionHost() private readonly txHost: MainTransactionHost,
    private readonly audit: AuditService,
  ) {}

  async list(
    role: StaffRole,
    query: { page: number; per_page: number; search?: string },
  ): Promise<Page<StaffProfileResponseDto>> {
    const params: unknown[] = [role];
    let where = '';
    const search = query.search?.trim();
    if (search) {
      params.push(`%${escapeLike(search)}%`);
      where = ` AND (u.email ILIKE $2 OR u.first_name ILIKE $2 OR u.last_name ILIKE $2 OR p.department ILIKE $2)`;
    }
    params.push(query.per_page, (query.page - 1) * query.per_page);
    const n = params.length;
    const rows: StaffRow[] = await this.dataSource.query(
      `SELECT *, count(*) OVER () AS total FROM (${SELECT(role)}${where}) s
        ORDER BY last_name, first_name, user_id LIMIT $${n - 1} OFFSET $${n}`,
      params,
    );
    const total =
      rows.length > 0
        ? Number(rows[0].total)
        : await this.count(role, where, params.slice(0, n - 2));
    return toPage(rows.map(toResponse), total, query.page, query.per_page);
  }

  /** A profile; teachers may read and change only their own (another one is a 404). */
  async get(
    caller: AuthenticatedUser,
    role: StaffRole,
    userId: string,
  ): Promise<StaffProfileResponseDto> {
    const rows: StaffRow[] = await this.dataSource.query(
      `${SELECT(role)} AND u.id = $2 AND ($3 OR u.id = $4)`,
      [role, userId, caller.role === 'administrator', caller.id],
    );
    if (rows.length === 0) throw new UserNotFoundError();
    return toResponse(rows[0]);
  }

  async update(
    caller: AuthenticatedUser,
    role: StaffRole,
    userId: string,
    changes: UpdateStaffProfileDto,
  ): Promise<StaffProfileResponseDto> {
    const allowed: readonly string[] = PROFILE[role].fields;
    const given = Object.entries(changes as Record<string, string | null | undefined>).filter(
      ([, value]) => value !== undefined,
    );
    const refused = given.filter(([field]) => !allowed.includes(field));
    if (refused.length > 0) {
      throw new ValidationFailedError(
        refused.map(([field]) => ({ field, message: `${field} does not apply to a ${role}` })),
      );
    }
    await this.get(caller, role, userId);
    if (given.length > 0) await this.write(caller, role, userId, given);
    return this.get(caller, role, userId);
  }

  /** The profile's changed fields and their audit entry, in one transaction. */
  @Transactional()
  private async write(
    caller: AuthenticatedUser,
    role: StaffRole,
    userId: string,
    given: [string, string | null | undefined][],
  ): Promise<void> {
    const sets = given.map(([field], i) => `"${field}" = $${i + 2}`).join(', ');
    await this.txHost.tx.query(
      `UPDATE ${PROFILE[role].table} SET ${sets}, updated_at = now() WHERE user_id = $1`,
      [userId, ...given.map(([, value]) => value)],
    );
    await this.audit.record({
      actor: { id: caller.id, role: caller.role },
      action: `${role}.profile_updated`,
      target_type: 'user',
      target_id: userId,
      details: { fields: given.map(([field]) => field) },
    });
  }

  private async count(role: StaffRole, where: string, params: unknown[]): Promise<number> {
    const rows: { total: string }[] = await this.dataSource.query(
      `SELECT count(*) AS total FROM (${SELECT(role)}${where}) s`,
      params,
    );
    return Number(rows[0].total);
  }
}
