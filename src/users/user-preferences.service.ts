import { InjectTransactionHost, Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import type { AuditActor } from '../audit/audit-entry';
import { AuditService } from '../audit/audit.service';
import type { Precondition } from '../common/http/precondition';
import type { MainTransactionHost } from '../database/transactions';
import { UpdateUserPreferencesDto } from './dto/update-user-preferences.dto';
import { User } from './entities/user.entity';
import { UserNotFoundError } from './users.errors';

/** Each user's own settings (today: which alert emails they get). */
@Injectable()
export class UserPreferencesService {
  constructor(
    @InjectTransactionHost() private readonly txHost: MainTransactionHost,
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
    const repo = this.txHost.tx.getRepository(User);
    const user = await repo.findOne({
      where: { id: caller.id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!user) throw new UserNotFoundError();
    precondition?.(user);
    if (changes.alert_emails === undefined || changes.alert_emails === user.alertEmailPreference) {
      return user;
    }
    const from = user.alertEmailPreference;
    await repo.update({ id: user.id }, { alertEmailPreference: changes.alert_emails });
    await this.audit.record({
      actor: caller,
      action: 'user.preferences_changed',
      target_type: 'user',
      target_id: user.id,
      details: { alert_emails: { from, to: changes.alert_emails } },
    });
    return repo.findOneByOrFail({ id: user.id });
  }
}
