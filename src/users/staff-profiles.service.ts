import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ValidationFailedError } from '../common/errors/validation-failed.error';
import { Page, toPage } from '../common/pagination/page';
import { AuditService } from '../audit/audit.service';
import type { StaffProfileResponseDto } from './dto/staff-profile-response.dto';
import type { UpdateStaffProfileDto } from './dto/update-staff-profile.dto';
import {
  STAFF_PROFILE,
  StaffProfilesRepository,
  type StaffRole,
  type StaffRow,
} from './staff-profiles.repository';
import { UserNotFoundError } from './users.errors';

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
    private readonly profiles: StaffProfilesRepository,
    private readonly audit: AuditService,
  ) {}

  async list(
    role: StaffRole,
    query: { page: number; per_page: number; search?: string },
  ): Promise<Page<StaffProfileResponseDto>> {
    const { rows, total } = await this.profiles.page(role, {
      search: query.search?.trim() || undefined,
      limit: query.per_page,
      offset: (query.page - 1) * query.per_page,
    });
    return toPage(rows.map(toResponse), total, query.page, query.per_page);
  }

  /** A profile; teachers may read and change only their own (another one is a 404). */
  async get(
    caller: AuthenticatedUser,
    role: StaffRole,
    userId: string,
  ): Promise<StaffProfileResponseDto> {
    const row = await this.profiles.find(role, userId, {
      anyone: caller.role === 'administrator',
      callerId: caller.id,
    });
    if (!row) throw new UserNotFoundError();
    return toResponse(row);
  }

  async update(
    caller: AuthenticatedUser,
    role: StaffRole,
    userId: string,
    changes: UpdateStaffProfileDto,
  ): Promise<StaffProfileResponseDto> {
    const allowed: readonly string[] = STAFF_PROFILE[role].fields;
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
    await this.profiles.update(role, userId, given);
    await this.audit.record({
      actor: { id: caller.id, role: caller.role },
      action: `${role}.profile_updated`,
      target_type: 'user',
      target_id: userId,
      details: { fields: given.map(([field]) => field) },
    });
  }
}
