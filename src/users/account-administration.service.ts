import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../audit/audit-entry';
import { AuditService } from '../audit/audit.service';
import type { Role } from '../common/auth/role';
import type { Precondition } from '../common/http/precondition';
import { Page, toPage } from '../common/pagination/page';
import { parseSort } from '../common/pagination/parse-sort';
import { ListUsersQueryDto, USER_SORT_FIELDS } from './dto/list-users-query.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import type { User } from './entities/user.entity';
import { StudentLinker } from './student-linker';
import type { UserWithStudent } from './user-with-student';
import { UsersCredentials } from './users-credentials.service';
import { LastAdministratorError, UserNotFoundError } from './users.errors';
import { UsersRepository, type UserSortColumn } from './users.repository';

const SORT_COLUMNS: Record<(typeof USER_SORT_FIELDS)[number], UserSortColumn> = {
  created_at: 'created_at',
  email: 'email',
  first_name: 'first_name',
  last_name: 'last_name',
  role: 'role',
};

/** Advisory lock key taken by transactions that may change who is an active administrator. */
const ADMIN_CHANGES_LOCK = 7_349_001;

/** What an administrator's edit changes on an account, worked out before anything is written. */
interface AccountEdit {
  fromRole: Role;
  roleChanges: boolean;
  deactivates: boolean;
  reactivates: boolean;
  renamed: ('first_name' | 'last_name')[];
}

function planEdit(current: User, changes: UpdateUserDto): AccountEdit {
  const renamed: AccountEdit['renamed'] = [];
  if (changes.first_name !== undefined && changes.first_name !== current.firstName) {
    renamed.push('first_name');
  }
  if (changes.last_name !== undefined && changes.last_name !== current.lastName) {
    renamed.push('last_name');
  }
  return {
    fromRole: current.role,
    roleChanges: changes.role !== undefined && changes.role !== current.role,
    deactivates: changes.is_active === false && current.isActive,
    reactivates: changes.is_active === true && !current.isActive,
    renamed,
  };
}

function changesAnything(edit: AccountEdit): boolean {
  return edit.renamed.length > 0 || edit.roleChanges || edit.deactivates || edit.reactivates;
}

function applyEdit(current: User, changes: UpdateUserDto, edit: AccountEdit): void {
  if (edit.renamed.includes('first_name')) current.firstName = changes.first_name ?? '';
  if (edit.renamed.includes('last_name')) current.lastName = changes.last_name ?? '';
  if (edit.roleChanges && changes.role) current.role = changes.role;
  if (edit.deactivates) current.isActive = false;
  if (edit.reactivates) current.isActive = true;
}

/**
 * The administrators' list and edits of accounts. Role changes and deactivation end the user's
 * sessions in the same transaction; the last active administrator can be neither demoted nor
 * deactivated.
 */
@Injectable()
export class AccountAdministrationService {
  constructor(
    private readonly users: UsersRepository,
    private readonly credentials: UsersCredentials,
    private readonly audit: AuditService,
    private readonly studentLinker: StudentLinker,
  ) {}

  async list(query: ListUsersQueryDto): Promise<Page<UserWithStudent>> {
    const orders = parseSort(query.sort, USER_SORT_FIELDS, [
      { field: 'created_at', direction: 'DESC' },
    ]);
    const { users, total } = await this.users.page({
      role: query.role,
      isActive: query.is_active,
      search: query.search?.trim() || undefined,
      orders: orders.map((order) => ({
        column: SORT_COLUMNS[order.field as keyof typeof SORT_COLUMNS],
        direction: order.direction,
      })),
      limit: query.per_page,
      offset: (query.page - 1) * query.per_page,
    });
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
    precondition?: Precondition<UserWithStudent>,
  ): Promise<UserWithStudent> {
    const { user, linkedStudentId } = await this.edit(id, changes, actor, precondition);
    return {
      user,
      studentId:
        linkedStudentId !== undefined
          ? linkedStudentId
          : await this.studentLinker.studentIdOf(user.id),
    };
  }

  /**
   * The edit's transaction. The account's student link is read when If-Match needs it: an edit
   * never changes the link, so the answer reuses it instead of asking the students module again.
   */
  @Transactional()
  private async edit(
    id: string,
    changes: UpdateUserDto,
    actor: AuditActor,
    precondition?: Precondition<UserWithStudent>,
  ): Promise<{ user: User; linkedStudentId?: string | null }> {
    let linkedStudentId: string | null | undefined;
    const current = await this.lockForEdit(id, changes);
    if (precondition) {
      linkedStudentId = await this.studentLinker.studentIdOf(id);
      precondition({ user: current, studentId: linkedStudentId });
    }
    const edit = planEdit(current, changes);
    if (current.role === 'administrator' && current.isActive) {
      if (edit.roleChanges || edit.deactivates) await this.assertNotLastAdministrator(current.id);
    }
    if (!changesAnything(edit)) return { user: current, linkedStudentId };
    applyEdit(current, changes, edit);
    await this.users.save(current);
    await this.recordEdit(current, edit, actor);
    return { user: current, linkedStudentId };
  }

  /** Deactivates (never deletes) the account and ends its sessions. Idempotent. */
  async deactivate(
    id: string,
    actor: AuditActor,
    precondition?: Precondition<UserWithStudent>,
  ): Promise<void> {
    await this.update(id, { is_active: false }, actor, precondition);
  }

  /** The account, locked for the write; role changes and deactivations are serialised first. */
  private async lockForEdit(id: string, changes: UpdateUserDto): Promise<User> {
    if (changes.role !== undefined || changes.is_active === false) {
      // Role changes and deactivations are serialised, so that two administrators demoting
      // each other at the same moment cannot leave the system without one.
      await this.users.lockUntilCommit(ADMIN_CHANGES_LOCK);
    }
    const current = await this.users.findForUpdate(id);
    if (!current) throw new UserNotFoundError();
    return current;
  }

  /** The edit's consequences (profile row, ended sessions) and its audit entries. */
  private async recordEdit(user: User, edit: AccountEdit, actor: AuditActor): Promise<void> {
    const entry = { actor, target_type: 'user', target_id: user.id } as const;
    const record = (action: string, details?: Record<string, unknown>) =>
      this.audit.record({ ...entry, action, ...(details ? { details } : {}) });
    if (edit.roleChanges) {
      await this.users.ensureRoleProfile(user.id, user.role);
      const ended = await this.credentials.credentials.endSessions(user.id, 'role_changed');
      await record('user.role_changed', {
        from: edit.fromRole,
        to: user.role,
        sessions_ended: ended,
      });
    }
    if (edit.deactivates) {
      const ended = await this.credentials.credentials.endSessions(user.id, 'deactivated');
      await record('user.deactivated', { sessions_ended: ended });
    }
    if (edit.reactivates) await record('user.reactivated');
    if (edit.renamed.length > 0) await record('user.updated', { fields: edit.renamed });
  }

  private async assertNotLastAdministrator(userId: string) {
    if (!(await this.users.anotherActiveAdministrator(userId))) throw new LastAdministratorError();
  }
}
