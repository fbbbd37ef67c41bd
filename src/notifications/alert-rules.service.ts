import { InjectTransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import type { MainTransactionHost } from '../database/transactions';
import { ValidationFailedError } from '../common/errors/validation-failed.error';
import type { Precondition } from '../common/http/precondition';
import { normalizeReturning } from '../database/normalize-returning';
import { checkAlertRules } from './alert-rule-checks';
import { ReplaceAlertRulesDto } from './dto/replace-alert-rules.dto';
import { AlertRule } from './entities/alert-rule.entity';

/**
 * The alert rule set. It is replaced as a whole, atomically: rules are matched by name, so a
 * rule kept by name keeps its id and its open alerts (and keeps them from opening twice).
 */
@Injectable()
export class AlertRulesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectTransactionHost() private readonly txHost: MainTransactionHost,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<AlertRule[]> {
    return this.dataSource.getRepository(AlertRule).find({ order: { name: 'ASC' } });
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
    return this.txHost.withTransaction(async () => {
      const manager = this.txHost.tx;
      await manager.query('LOCK TABLE alert_rules IN SHARE ROW EXCLUSIVE MODE');
      if (precondition) {
        precondition(await manager.getRepository(AlertRule).find({ order: { name: 'ASC' } }));
      }
      const names = rules.map((r) => r.name);
      const removed = await this.deleteOthers(manager, names);
      await this.upsert(manager, rules, caller.id);
      await this.audit.record({
        actor: { id: caller.id, role: caller.role },
        action: 'alert_rules.replaced',
        target_type: 'alert_rules',
        details: {
          rules: rules.length,
          names,
          removed,
        },
      });
      return manager.getRepository(AlertRule).find({ order: { name: 'ASC' } });
    });
  }

  /** Deletes the rules whose name is not in `names`; returns the deleted names. */
  private async deleteOthers(manager: EntityManager, names: string[]): Promise<string[]> {
    const removed: unknown = await manager.query(
      `DELETE FROM alert_rules WHERE NOT (name = ANY($1::varchar[])) RETURNING name`,
      [names],
    );
    return normalizeReturning<{ name: string }>(removed).map((r) => r.name);
  }

  /** Inserts the rules, or updates the one of the same name. */
  private async upsert(
    manager: EntityManager,
    rules: ReplaceAlertRulesDto['rules'],
    updatedBy: string,
  ): Promise<void> {
    if (rules.length === 0) return;
    await manager.query(
      `INSERT INTO alert_rules (name, metric, operator, threshold, severity, enabled, updated_by)
       SELECT r.name, r.metric, r.operator, r.threshold, r.severity, r.enabled, $2::uuid
       FROM jsonb_to_recordset($1::jsonb) AS r(
         name varchar, metric varchar, operator varchar, threshold float8, severity varchar,
         enabled boolean
       )
       ON CONFLICT (name) DO UPDATE SET
         metric = EXCLUDED.metric, operator = EXCLUDED.operator,
         threshold = EXCLUDED.threshold, severity = EXCLUDED.severity,
         enabled = EXCLUDED.enabled, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [
        JSON.stringify(
          rules.map((r) => ({
            name: r.name,
            metric: r.metric,
            operator: r.operator,
            threshold: r.threshold,
            severity: r.severity,
            enabled: r.enabled ?? true,
          })),
        ),
        updatedBy,
      ],
    );
  }
}
