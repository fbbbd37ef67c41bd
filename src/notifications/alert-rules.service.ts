import { Transactional } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ValidationFailedError } from '../common/errors/validation-failed.error';
import type { Precondition } from '../common/http/precondition';
import { checkAlertRules } from './alert-rule-checks';
import { AlertRulesRepository } from './alert-rules.repository';
import { ReplaceAlertRulesDto } from './dto/replace-alert-rules.dto';
import type { AlertRule } from './entities/alert-rule.entity';

/**
 * The alert rule set. It is replaced as a whole, atomically: rules are matched by name, so a
 * rule kept by name keeps its id and its open alerts (and keeps them from opening twice).
 */
@Injectable()
export class AlertRulesService {
  constructor(
    private readonly rules: AlertRulesRepository,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<AlertRule[]> {
    return this.rules.all();
  }

  /**
   * Makes `dto.rules` the rule set in one transaction: rules of other names are deleted (their
   * alerts stay, without a rule), the others inserted or updated. Concurrent replacements run
   * one after the other. Invalid sets (duplicate names, thresholds outside the metric's range)
   * change nothing. `precondition` (If-Match) is checked on the rule set as locked for the write.
   */
  async replace(
    caller: AuthenticatedUser,
    dto: ReplaceAlertRulesDto,
    precondition?: Precondition<AlertRule[]>,
  ): Promise<AlertRule[]> {
    const rules = dto.rules.map((r) => ({ ...r, name: r.name.trim() }));
    const errors = checkAlertRules(rules);
    if (errors.length > 0) throw new ValidationFailedError(errors);
    return this.replaceChecked(caller, rules, precondition);
  }

  @Transactional()
  private async replaceChecked(
    caller: AuthenticatedUser,
    rules: ReplaceAlertRulesDto['rules'],
    precondition?: Precondition<AlertRule[]>,
  ): Promise<AlertRule[]> {
    await this.rules.lockForReplace();
    if (precondition) precondition(await this.rules.all());
    const names = rules.map((r) => r.name);
    const removed = await this.rules.deleteOthers(names);
    await this.rules.upsert(rules, caller.id);
    await this.audit.record({
      actor: { id: caller.id, role: caller.role },
      action: 'alert_rules.replaced',
      target_type: 'alert_rules',
      details: { rules: rules.length, names, removed },
    });
    return this.rules.all();
  }
}
