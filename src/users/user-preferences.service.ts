import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../audit/audit-entry';
import { AuditService } from '../audit/audit.service';
import type { Precondition } from '../common/http/precondition';
import { UpdateUserPreferencesDto } from './dto/update-user-preferences.dto';
import type { User } from './entities/user.entity';
import { UserNotFoundError } from './users.errors';
import { UsersRepository } from './users.repository';

/** Each user's own settings (today: which alert emails they get). */
@Injectable()
export class UserPreferencesService {
  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * The caller's own settings; audited when something changes. `precondition` (If-Match) is
   * checked on the account as locked for the write.
   */
  @Transactional()
  async update(
    caller: AuditActor,
    changes: UpdateUserPreferencesDto,
    precondition?: Precondition<User>,
  ): Promise<User> {
    const user = await this.users.findForUpdate(caller.id);
    if (!user) throw new UserNotFoundError();
    precondition?.(user);
    if (changes.alert_emails === undefined || changes.alert_emails === user.alertEmailPreference) {
      return user;
    }
    const from = user.alertEmailPreference;
    await this.users.update(user.id, { alertEmailPreference: changes.alert_emails });
    await this.audit.record({
      actor: caller,
      action: 'user.preferences_changed',
      target_type: 'user',
      target_id: user.id,
      details: { alert_emails: { from, to: changes.alert_emails } },
    });
    return this.users.getById(user.id);
  }
}
